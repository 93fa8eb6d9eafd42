#!/usr/bin/env python3
# Creates randomly initialised BERT encoders in Hugging Face layout for the encoder tests: `small` (H=64, 2 layers,
# 4 heads, I=128) and `minilm` (MiniLM-L6 size: H=384, 6 layers, 12 heads, I=1536), each with a WordPiece vocabulary
# of its own (trained on ../shared/data when present, else on a built-in corpus), model.safetensors, tokenizer.json,
# vocab.txt, tokenizer_config.json and a sentence-transformers 1_Pooling/config.json; plus variants of `small`
# (FP16 and BF16 weights, CLS pooling, vocab.txt without tokenizer.json, cased). Usage: make_encoders.py OUT_DIR
import json
import os
import random
import shutil
import sys

import torch
from tokenizers import BertWordPieceTokenizer
from transformers import BertConfig, BertModel, BertTokenizerFast


def corpus():
    data = os.environ.get('RUNG_SHARED_DATA') or os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data')
    texts = []
    for rel, fields in (('pandalm/testset-v1.json', ('instruction', 'input', 'response1', 'response2')),
                        ('llmbar-natural/dataset.json', ('input', 'output_1', 'output_2'))):
        path = os.path.join(data, rel)
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                texts += [r[k] for r in json.load(f) for k in fields if isinstance(r.get(k), str)]
    if texts:
        return texts
    rnd = random.Random(7)
    syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'qu', 'ex', 'th', 'ing', 'ed', 'é', 'ü', '中', '文']
    words = [''.join(rnd.choice(syllables) for _ in range(rnd.randint(1, 4))) for _ in range(3000)]
    return [' '.join(rnd.choice(words) for _ in range(rnd.randint(5, 60))) + rnd.choice(['.', '!', '?']) for _ in range(20000)]


def tokenizer(out, vocab_size, lowercase):
    wp = BertWordPieceTokenizer(lowercase=lowercase, strip_accents=None if lowercase else False)
    wp.train_from_iterator(corpus(), vocab_size=vocab_size, min_frequency=2, show_progress=False,
                           special_tokens=['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'])
    os.makedirs(out, exist_ok=True)
    wp.save_model(out)  # vocab.txt
    fast = BertTokenizerFast(vocab=os.path.join(out, 'vocab.txt'), do_lower_case=lowercase)
    fast.save_pretrained(out)  # tokenizer.json, tokenizer_config.json, special_tokens_map.json
    return len(fast)


def pooling(out, hidden, mode):
    os.makedirs(os.path.join(out, '1_Pooling'), exist_ok=True)
    with open(os.path.join(out, '1_Pooling', 'config.json'), 'w') as f:
        json.dump({'word_embedding_dimension': hidden, 'pooling_mode_cls_token': mode == 'cls', 'pooling_mode_mean_tokens': mode == 'mean',
                   'pooling_mode_max_tokens': False, 'pooling_mode_mean_sqrt_len_tokens': False}, f, indent=2)


def encoder(out, seed, hidden, layers, heads, intermediate, vocab_size, init, lowercase=True):
    vocab = tokenizer(out, vocab_size, lowercase)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads, intermediate_size=intermediate,
                        max_position_embeddings=512, type_vocab_size=2, hidden_act='gelu', layer_norm_eps=1e-12, initializer_range=init,
                        architectures=['BertModel'])
    model = BertModel(config, add_pooling_layer=False).eval()
    model.save_pretrained(out, safe_serialization=True)
    pooling(out, hidden, 'mean')
    return model


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: make_encoders.py OUT_DIR')
    root = sys.argv[1]
    small = os.path.join(root, 'small')
    model = encoder(small, 1, 64, 2, 4, 128, 3000, 0.2)
    encoder(os.path.join(root, 'minilm'), 2, 384, 6, 12, 1536, 8000, 0.02)
    encoder(os.path.join(root, 'small-cased'), 3, 64, 2, 4, 128, 3000, 0.2, lowercase=False)
    for name, dtype in (('small-fp16', torch.float16), ('small-bf16', torch.bfloat16)):
        shutil.copytree(small, os.path.join(root, name), dirs_exist_ok=True)
        model.to(dtype).save_pretrained(os.path.join(root, name), safe_serialization=True)
        model.to(torch.float32)
    cls = os.path.join(root, 'small-cls')
    shutil.copytree(small, cls, dirs_exist_ok=True)
    pooling(cls, 64, 'cls')
    vocab_only = os.path.join(root, 'small-vocab-txt')
    shutil.copytree(small, vocab_only, dirs_exist_ok=True)
    os.remove(os.path.join(vocab_only, 'tokenizer.json'))
    print(f'make_encoders: wrote small, minilm, small-cased, small-fp16, small-bf16, small-cls, small-vocab-txt under {root}')


main()
