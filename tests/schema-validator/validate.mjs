// Validates NDJSON events against OpenLineage.json (2-0-2) and every facet schema that matches a facet's
// _schemaURL. Usage: node validate.mjs <spec dir> <events.ndjson>. Prints one line per problem; exit 1 if any.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";

const [specDir, eventsFile] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const core = JSON.parse(fs.readFileSync(path.join(specDir, "OpenLineage.json"), "utf8"));
ajv.addSchema(core);
const facetSchemas = new Map();
for (const file of fs.readdirSync(path.join(specDir, "facets"))) {
  const schema = JSON.parse(fs.readFileSync(path.join(specDir, "facets", file), "utf8"));
  ajv.addSchema(schema);
  facetSchemas.set(schema.$id, schema);
}
const validateEvent = ajv.getSchema(core.$id);
let problems = 0;
const report = (where, errors) => {
  for (const e of errors) {
    problems++;
    console.log(`${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
};
const checkFacets = (where, facets) => {
  for (const [key, facet] of Object.entries(facets ?? {})) {
    const id = (facet._schemaURL ?? "").split("#")[0];
    const schema = facetSchemas.get(id);
    if (!schema) continue;
    const validate = ajv.getSchema(id);
    if (!validate({ [key]: facet })) report(`${where}.${key}`, validate.errors);
  }
};
const lines = fs.readFileSync(eventsFile, "utf8").split("\n").filter((l) => l.trim());
lines.forEach((line, i) => {
  const event = JSON.parse(line);
  if (!validateEvent(event)) report(`event ${i}: $`, validateEvent.errors);
  checkFacets(`event ${i}: $.run.facets`, event.run?.facets);
  checkFacets(`event ${i}: $.job.facets`, event.job?.facets);
  (event.inputs ?? []).forEach((d, j) => {
    checkFacets(`event ${i}: $.inputs[${j}].facets`, d.facets);
    checkFacets(`event ${i}: $.inputs[${j}].inputFacets`, d.inputFacets);
  });
  (event.outputs ?? []).forEach((d, j) => {
    checkFacets(`event ${i}: $.outputs[${j}].facets`, d.facets);
    checkFacets(`event ${i}: $.outputs[${j}].outputFacets`, d.outputFacets);
  });
  if (event.dataset) checkFacets(`event ${i}: $.dataset.facets`, event.dataset.facets);
});
console.log(`validated ${lines.length} events, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
