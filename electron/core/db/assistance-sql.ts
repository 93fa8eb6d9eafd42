// SQL fragments over a judgment aliased j that read what assistance its evaluator was shown.

/** The assistance mode recorded with a verdict ('assisted', 'control', 'unscored', or NULL). */
export const ASSISTANCE_MODE_SQL = `CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.mode') END`;
/** 1 when assistance was shown (a control trial recorded what was withheld, an unscored comparison why the model had
 *  nothing to show: neither is assisted). */
export const WAS_ASSISTED_SQL = `(j.assistance IS NOT NULL AND COALESCE(${ASSISTANCE_MODE_SQL}, 'assisted') NOT IN ('control', 'unscored'))`;
