#!/usr/bin/env python3
# The PyTorch reference for the encoder parity tests (run from .venv-test). Reads a JSON list of strings and writes:
#   tokenize DIR IN OUT   token ids from `transformers` (the folder's fast tokenizer, no truncation): a JSON list of lists
#   embed DIR IN OUT      pooled vectors from `transformers`' BertModel in FP32, with the engine's window policy
#                         (native/src/engine/encoder/encoder.h): raw float32 little-endian, texts × hidden
#   st DIR IN OUT         sentence-transformers' encode() (texts within its max_seq_length), raw float32
import json
import os
import sys

import numpy as np
import torch


def tokenizer(folder):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(folder)


def windows(n, w):
    if n <= w:
        return [(0, n)]
    stride, out, k = max(1, w // 2), [], 0
    while True:
        start = min(k * stride, n - w)
        out.append((start, w))
        if start == n - w:
            return out
        k += 1


def settings(folder, config):
    pooling, normalize, window = 'mean', False, config.max_position_embeddings
    pooling_dir = '1_Pooling'
    modules = os.path.join(folder, 'modules.json')
    if os.path.exists(modules):
        for m in json.load(open(modules)):
            if m['type'].endswith('Pooling'):
                pooling_dir = m['path']
            normalize |= m['type'].endswith('Normalize')
    pooling_file = os.path.join(folder, pooling_dir, 'config.json')
    if os.path.exists(pooling_file) and json.load(open(pooling_file)).get('pooling_mode_cls_token'):
        pooling = 'cls'
    sbert = os.path.join(folder, 'sentence_bert_config.json')
    if os.path.exists(sbert) and 'max_seq_length' in json.load(open(sbert)):
        window = min(window, json.load(open(sbert))['max_seq_length'])
    return pooling, normalize, window


@torch.no_grad()
def embed(folder, texts):
    from transformers import BertModel
    model = BertModel.from_pretrained(folder, dtype=torch.float32, add_pooling_layer=False).eval()
    tok = tokenizer(folder)
    pooling, normalize, window = settings(folder, model.config)
    pieces = [tok(t, add_special_tokens=False)['input_ids'] for t in texts]
    seqs = [(i, [tok.cls_token_id] + p[s:s + n] + [tok.sep_token_id]) for i, p in enumerate(pieces) for s, n in windows(len(p), window - 2)]
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float64)
    count = np.zeros(len(texts))
    for b in range(0, len(seqs), 16):
        batch = seqs[b:b + 16]
        longest = max(len(s) for _, s in batch)
        ids = torch.zeros((len(batch), longest), dtype=torch.long)
        mask = torch.zeros((len(batch), longest), dtype=torch.long)
        for r, (_, s) in enumerate(batch):
            ids[r, :len(s)] = torch.tensor(s)
            mask[r, :len(s)] = 1
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
        for r, (i, s) in enumerate(batch):
            pooled = hidden[r, 0] if pooling == 'cls' else hidden[r, :len(s)].mean(0)
            out[i] += pooled.double().numpy()
            count[i] += 1
    out /= count[:, None]
    if normalize:
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out.astype(np.float32)


def main():
    mode, folder, src, dst = sys.argv[1:5]
    texts = json.load(open(src, encoding='utf-8'))
    torch.set_num_threads(int(os.environ.get('RUNG_TORCH_THREADS', '2')))
    if mode == 'tokenize':
        json.dump(tokenizer(folder)(texts, add_special_tokens=True)['input_ids'], open(dst, 'w'))
    elif mode == 'embed':
        embed(folder, texts).tofile(dst)
    elif mode == 'st':
        from sentence_transformers import SentenceTransformer
        SentenceTransformer(folder, device='cpu').encode(texts, batch_size=16, convert_to_numpy=True).astype(np.float32).tofile(dst)
    else:
        sys.exit(f'unknown mode {mode}')


main()
