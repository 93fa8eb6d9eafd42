// Migration 0020: which held-out pairs a deferral round certified its threshold on. 'this-layer': layer k's own, the
// comparisons exchangeable with the pending ones it routes (the default from now on); 'lower-layers-too': layers
// 0..k, as every earlier round did — easier lower-layer pairs then stand in for layer k's in its certificate.
export const sql = `
ALTER TABLE deferral_rounds ADD COLUMN calibrated_on TEXT NOT NULL DEFAULT 'lower-layers-too' CHECK (calibrated_on IN ('this-layer', 'lower-layers-too'));
`;
