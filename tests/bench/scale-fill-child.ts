// Child process of the scale bench: writes its comparisons, evaluators and judgments into the database file, so the
// serving process's memory holds none of the fill (its RSS is then the app's own); prints the evaluators' ids, the
// time and this process's peak RSS.
import { createScaleEvaluators, fillJudgments, fillScaleComparisons } from './scale-data';

const [dbPath, scale, evaluators] = process.argv.slice(2);
const started = performance.now();
fillScaleComparisons(dbPath, Number(scale));
const evaluatorIds = createScaleEvaluators(dbPath, Number(evaluators));
fillJudgments(dbPath, evaluatorIds);
process.stdout.write(`${JSON.stringify({ evaluatorIds, seconds: (performance.now() - started) / 1000, peakRssKb: process.resourceUsage().maxRSS })}\n`);
