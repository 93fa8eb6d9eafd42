# Scores feature vectors with a model exported by `rung model export` using PyTorch alone (the README's recipe):
# reward = mean over members m of fc2.weight[m] · act(fc1.weight[m] · x + fc1.bias[m]) + fc2.bias[m].
# Usage: score_exported.py MODEL_DIR IN.json OUT.json  (IN: a list of vectors; OUT: their rewards)
import json
import sys

import torch
from safetensors.torch import load_file

model_dir, inputs, outputs = sys.argv[1:4]
w = load_file(f"{model_dir}/model.safetensors")
cfg = json.load(open(f"{model_dir}/config.json"))
act = (lambda h: torch.nn.functional.gelu(h, approximate="tanh")) if cfg["activation"] == "gelu_tanh" else torch.relu


def reward(x):  # x: [D] features, here the response's embedding
    h = act(torch.einsum("mhd,d->mh", w["fc1.weight"], x) + w["fc1.bias"])
    return (torch.einsum("moh,mh->mo", w["fc2.weight"], h) + w["fc2.bias"]).squeeze(-1).mean()


xs = torch.tensor(json.load(open(inputs)), dtype=torch.float32)
json.dump([reward(x).item() for x in xs], open(outputs, "w"))
