#!/usr/bin/env python3
# PyTorch FP32 peer for the encoder benchmark: BertModel (eval, no_grad) on given token-id sequences, consecutive
# batches padded to their longest with an attention mask, plus mean pooling; prints {"seconds": best of reps}, and
# the RSS with the model loaded and the peak RSS (VmHWM, reset once the model is loaded and the batches built) in MiB.
# Usage: bench_torch.py FOLDER IDS.json BATCH THREADS REPS
import json
import sys
import time

import torch
from transformers import BertModel


def status_mb(field):
    with open('/proc/self/status') as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ':')) / 1024


@torch.no_grad()
def main():
    folder, ids_file, batch, threads, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    model = BertModel.from_pretrained(folder, dtype=torch.float32, add_pooling_layer=False).eval()
    seqs = json.load(open(ids_file))
    batches = []
    for b in range(0, len(seqs), batch):
        part = seqs[b:b + batch]
        longest = max(len(s) for s in part)
        ids = torch.zeros((len(part), longest), dtype=torch.long)
        mask = torch.zeros((len(part), longest), dtype=torch.long)
        for r, s in enumerate(part):
            ids[r, :len(s)] = torch.tensor(s)
            mask[r, :len(s)] = 1
        batches.append((ids, mask))

    def run():
        for ids, mask in batches:
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)

    loaded_mb = status_mb('VmRSS')
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')
    run()  # warm-up
    best = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({'seconds': best, 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'rssLoadedMb': loaded_mb, 'peakRssMb': status_mb('VmHWM')}))


main()
