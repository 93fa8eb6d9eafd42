// Migration 0016: an index to find the model that scores a layer (its newest active model, db/models.ts) without
// reading the model rows: active and created_at sit after the weights blob, so reading them walks its overflow pages
// (about 0.8 ms per 42 MB model, for every model of the layer).
export const sql = `
CREATE INDEX models_layer_active ON models(layer_id, active, created_at);
`;
