// The comparison SqlBenchmarks runs beside Tributary in the same BenchmarkDotNet run: node-sql-parser's table-only
// tableList over the same statements. Usage: node table-list.js STATEMENTS.json DATABASE
// Reads a JSON array of SQL texts, tries each once and prints "ready <indexes it cannot parse, comma-separated>",
// so the benchmark keeps only statements both sides parse. Then for every line "run" on standard input it runs
// tableList over the kept statements and prints the number of tables found; "exit" ends it.
'use strict';
const fs = require('fs');
const readline = require('readline');
const { Parser } = require('node-sql-parser');

const [file, database] = process.argv.slice(2);
if (!file || !database) {
  process.stderr.write('usage: node table-list.js STATEMENTS.json DATABASE\n');
  process.exit(2);
}

const statements = JSON.parse(fs.readFileSync(file, 'utf8'));
const parser = new Parser();
const options = { database };
const failed = [];
const kept = [];
statements.forEach((sql, i) => {
  try {
    parser.tableList(sql, options);
    kept.push(sql);
  } catch {
    failed.push(i);
  }
});
process.stdout.write(`ready ${failed.join(',')}\n`);

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line === 'exit') {
    input.close();
    return;
  }
  let tables = 0;
  for (const sql of kept) {
    tables += parser.tableList(sql, options).length;
  }
  process.stdout.write(`${tables}\n`);
});
