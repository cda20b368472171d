// Reads our JSON export (an array of records of the national standard) with ANCT's own library
// (@gouvfr-anct/lieux-de-mediation-numerique, what the national pipeline uses) and prints, as JSON, how many
// records it read and the ones it refused with its error. Lists are joined with "|" first: the library reads
// the schema's strings, as in the CSV.
//   node validate.cjs export.json
const fs = require("fs");
const { fromSchemaLieuDeMediationNumerique } = require("@gouvfr-anct/lieux-de-mediation-numerique");

const records = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const refused = [];
for (const record of records) {
  const item = {};
  for (const [name, value] of Object.entries(record)) {
    if (Array.isArray(value)) {
      if (value.length) item[name] = value.join("|");
    } else if (value !== null && value !== "") {
      item[name] = value;
    }
  }
  try {
    fromSchemaLieuDeMediationNumerique(item);
  } catch (error) {
    refused.push({ id: record.id, error: `${error.name}: ${error.message}` });
  }
}
process.stdout.write(JSON.stringify({ total: records.length, refused }));
