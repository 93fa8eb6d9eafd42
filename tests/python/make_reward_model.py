#!/usr/bin/env python3
# Creates a tiny randomly initialised Hugging Face sequence-classification reward model (BERT, one output logit) with a
# chat template, for the test that runs the README's recipe for producing an external scores file. Usage: make_reward_model.py OUT_DIR
import os
import sys

import torch
from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] + [chr(c) for c in range(33, 127)] + ['user', 'assistant', 'answer', 'question']
with open(os.path.join(out, 'vocab.txt'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(vocab) + '\n')
tokenizer = BertTokenizerFast(vocab=os.path.join(out, 'vocab.txt'))
tokenizer.chat_template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
tokenizer.save_pretrained(out)
torch.manual_seed(3)
config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
                    num_labels=1, initializer_range=0.5)
BertForSequenceClassification(config).eval().save_pretrained(out)
