// Runs SQL statements with DuckDB (an independent Parquet implementation) and prints the last one's rows as JSON.
// Usage: node query.mjs "<sql>" ["<sql>" ...]
// Each row is an object of column name -> value; values are JSON-safe (64-bit integers and timestamps as strings).
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
if (statements.length === 0) {
  console.error('usage: node query.mjs "<sql>" ...');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
let rows = [];
for (const sql of statements) {
  const reader = await connection.runAndReadAll(sql);
  rows = reader.getRowObjectsJson();
}
process.stdout.write(JSON.stringify(rows));
