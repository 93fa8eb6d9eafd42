# The README's recipe for a lab's own Python stack: adds each response's embedding, from a sentence-transformers model in
# a local folder, to Rung JSONL (prompt, response_a, response_b, ...), for `rung import` and `rung train` on embeddings.
#   python embed_for_rung.py MODEL_DIR IN.jsonl OUT.jsonl
import json
import sys

from sentence_transformers import SentenceTransformer

model_dir, source, target = sys.argv[1:4]
model = SentenceTransformer(model_dir, device="cpu", local_files_only=True)
with open(source, encoding="utf-8") as f:
    rows = [json.loads(line) for line in f if line.strip()]
texts = [r["response_a"] for r in rows] + [r["response_b"] for r in rows]
vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
with open(target, "w", encoding="utf-8") as out:
    for i, row in enumerate(rows):
        row["embedding"] = {"a": vectors[i].tolist(), "b": vectors[len(rows) + i].tolist()}
        out.write(json.dumps(row) + "\n")
