// Child process of the scale bench: writes its comparisons, evaluators and judgments into the database file, and the
// TRL file the bench imports, so the serving process's memory holds none of them (its RSS is then the app's own);
// prints the evaluators' ids, the time and this process's peak RSS.
import { createScaleEvaluators, fillJudgments, fillScaleComparisons, writeImportFile } from './scale-data';

const [dbPath, scale, evaluators, importPath, importRecords] = process.argv.slice(2);
const started = performance.now();
fillScaleComparisons(dbPath, Number(scale));
const evaluatorIds = createScaleEvaluators(dbPath, Number(evaluators));
fillJudgments(dbPath, evaluatorIds);
writeImportFile(importPath, Number(importRecords));
process.stdout.write(`${JSON.stringify({ evaluatorIds, seconds: (performance.now() - started) / 1000, peakRssKb: process.resourceUsage().maxRSS })}\n`);
