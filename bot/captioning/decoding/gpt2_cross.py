"""A GPT-2 decoder with cross-attention, run step by step for generation, reusing the weights of a
transformers `VisionEncoderDecoderModel`.

transformers' own loop gives every beam its own copy of the image's cross-attention keys and
values, computes them once per beam, and copies them again on every beam reordering; on the
full-size model that was about half of a batched `generate`. Here they are computed once per image
and the image's rows (its beams, or its sampled sequences) are folded into the query length of one
attention over them, so beam reordering only touches the short self-attention cache.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from transformers import VisionEncoderDecoderModel

from bot.captioning.decoding.linear import Project, projection


def unsupported_reason(model: VisionEncoderDecoderModel) -> str | None:
    """Why this runner cannot stand in for the model's own forward, or None when it can."""
    decoder = model.decoder
    if type(decoder).__name__ != "GPT2LMHeadModel":
        return f"decoder is {type(decoder).__name__}, not GPT2LMHeadModel"
    config = decoder.config
    if not getattr(config, "add_cross_attention", False):
        return "decoder has no cross-attention"
    if config.scale_attn_by_inverse_layer_idx or config.reorder_and_upcast_attn:
        return "decoder uses a non-default attention scaling"
    if config.n_embd % config.n_head:
        return "decoder width is not a multiple of its head count"
    return None


@dataclass(frozen=True)
class _Layer:
    """One GPT-2 block's pieces, its projections possibly packed (see `linear`)."""

    ln_1: nn.Module
    qkv: Project
    attn_out: Project
    ln_cross: nn.Module
    cross_q: Project
    cross_kv: Project
    cross_out: Project
    ln_2: nn.Module
    fc: Project  # with the activation
    mlp_out: Project

    @classmethod
    def of(cls, block: nn.Module, activation: str) -> _Layer:
        part = block.get_submodule
        return cls(
            ln_1=part("ln_1"),
            qkv=projection(part("attn.c_attn")),
            attn_out=projection(part("attn.c_proj")),
            ln_cross=part("ln_cross_attn"),
            cross_q=projection(part("crossattention.q_attn")),
            # Thousands of rows (every image's patches): MKL's own GEMM is as fast unpacked.
            cross_kv=part("crossattention.c_attn"),
            cross_out=projection(part("crossattention.c_proj")),
            ln_2=part("ln_2"),
            fc=projection(part("mlp.c_fc"), activation, part("mlp.act")),
            mlp_out=projection(part("mlp.c_proj")),
        )


@dataclass
class DecodeState:
    """Keys and values for one batch of images: cross-attention per image, self-attention per row.
    `rows` sequences per image sit next to each other, image after image."""

    cross: list[tuple[torch.Tensor, torch.Tensor]]  # per layer: (images, heads, source, head_dim)
    keys: list[torch.Tensor]  # per layer: (images * rows, heads, capacity, head_dim)
    values: list[torch.Tensor]
    rows: int
    length: int = 0


class GPT2CrossDecoder:
    def __init__(self, model: VisionEncoderDecoderModel):
        reason = unsupported_reason(model)
        if reason:
            raise ValueError(reason)
        self.model = model
        transformer = model.decoder.get_submodule("transformer")
        self.wte = transformer.get_submodule("wte")
        self.wpe = transformer.get_submodule("wpe")
        self.ln_f = transformer.get_submodule("ln_f")
        activation = model.decoder.config.activation_function
        blocks = transformer.get_submodule("h")
        self.layers = [_Layer.of(block, activation) for block in blocks.children()]
        self.lm_head = projection(model.decoder.lm_head)
        config = model.decoder.config
        self.heads = config.n_head
        self.head_dim = config.n_embd // config.n_head
        self.width = config.n_embd
        self.scale = self.head_dim**-0.5 if config.scale_attn_weights else 1.0
        self.max_positions = config.n_positions

    def encode(self, pixel_values: torch.Tensor, encoder: nn.Module | None = None) -> torch.Tensor:
        """The states of `encoder` (the model's own by default), projected to the decoder's width
        when the two differ."""
        encoder = self.model.encoder if encoder is None else encoder
        states = encoder(pixel_values=pixel_values).last_hidden_state
        project = getattr(self.model, "enc_to_dec_proj", None)
        return project(states) if project is not None else states

    def start(self, encoded: torch.Tensor, rows: int, capacity: int) -> DecodeState:
        """State for `rows` sequences per image, with room for `capacity` tokens each."""
        if capacity > self.max_positions:
            raise ValueError(f"at most {self.max_positions} tokens fit this decoder")
        cross = []
        for layer in self.layers:
            key, value = layer.cross_kv(encoded).split(self.width, dim=2)
            cross.append((self._heads(key), self._heads(value)))
        count = encoded.shape[0] * rows
        shape = (count, self.heads, capacity, self.head_dim)
        layers = len(self.layers)
        like = encoded.new_empty
        keys = [like(shape) for _ in range(layers)]
        values = [like(shape) for _ in range(layers)]
        return DecodeState(cross=cross, keys=keys, values=values, rows=rows)

    def widen(self, state: DecodeState, rows: int) -> None:
        """Give each image `rows` copies of its single row (after a prompt shared by its beams)."""
        if state.rows != 1:
            raise ValueError("only a one-row state can be widened")
        used = state.length
        for index in range(len(state.keys)):
            for store in (state.keys, state.values):
                old = store[index]
                new = old.new_empty((old.shape[0] * rows, *old.shape[1:]))
                new[:, :, :used] = old[:, :, :used].repeat_interleave(rows, dim=0)
                store[index] = new
        state.rows = rows

    def reorder(self, state: DecodeState, index: torch.Tensor) -> None:
        """Row i continues from row `index[i]` (always a row of the same image)."""
        used = state.length
        for store in (state.keys, state.values):
            for tensor in store:
                tensor[:, :, :used] = tensor[:, :, :used].index_select(0, index)

    def keep_images(self, state: DecodeState, images: torch.Tensor) -> None:
        """Drop every image not in `images` (indices into the current batch)."""
        rows = images[:, None] * state.rows + torch.arange(state.rows, device=images.device)
        rows = rows.reshape(-1)
        state.cross = [
            (k.index_select(0, images), v.index_select(0, images)) for k, v in state.cross
        ]
        state.keys = [t.index_select(0, rows) for t in state.keys]
        state.values = [t.index_select(0, rows) for t in state.values]

    def step(self, state: DecodeState, tokens: torch.Tensor) -> torch.Tensor:
        """Feed `tokens` (rows, new) and return the logits for the last position of every row."""
        new = tokens.shape[1]
        begin = state.length
        if new > 1 and begin:
            raise ValueError("several tokens at once only for the prompt")
        positions = torch.arange(begin, begin + new, device=tokens.device)
        hidden = self.wte(tokens) + self.wpe(positions)
        for index, layer in enumerate(self.layers):
            hidden = hidden + self._self_attention(layer, state, index, hidden, begin, new)
            hidden = hidden + self._cross_attention(layer, state.cross[index], state.rows, hidden)
            hidden = hidden + layer.mlp_out(layer.fc(layer.ln_2(hidden)))
        state.length = begin + new
        last = self.ln_f(hidden[:, -1])
        return self.lm_head(last)

    def _heads(self, states: torch.Tensor) -> torch.Tensor:
        """(batch, length, width) -> (batch, heads, length, head_dim)"""
        batch, length, _ = states.shape
        return states.view(batch, length, self.heads, self.head_dim).transpose(1, 2)

    def _merge(self, states: torch.Tensor) -> torch.Tensor:
        batch, _, length, _ = states.shape
        return states.transpose(1, 2).reshape(batch, length, self.width)

    def _self_attention(
        self,
        layer: _Layer,
        state: DecodeState,
        index: int,
        hidden: torch.Tensor,
        begin: int,
        new: int,
    ) -> torch.Tensor:
        query, key, value = layer.qkv(layer.ln_1(hidden)).split(self.width, dim=2)
        end = begin + new
        state.keys[index][:, :, begin:end] = self._heads(key)
        state.values[index][:, :, begin:end] = self._heads(value)
        out = F.scaled_dot_product_attention(
            self._heads(query),
            state.keys[index][:, :, :end],
            state.values[index][:, :, :end],
            is_causal=new > 1,  # only the prompt, at position 0, has several tokens
            scale=self.scale,
        )
        return layer.attn_out(self._merge(out))

    def _cross_attention(
        self,
        layer: _Layer,
        cross: tuple[torch.Tensor, torch.Tensor],
        rows: int,
        hidden: torch.Tensor,
    ) -> torch.Tensor:
        query = layer.cross_q(layer.ln_cross(hidden))  # (images * rows, new, width)
        count, new, _ = query.shape
        images = count // rows
        # An image's rows all attend to the same keys, so they become one longer query.
        folded = query.view(images, rows * new, self.heads, self.head_dim).transpose(1, 2)
        key, value = cross
        out = F.scaled_dot_product_attention(folded, key, value, scale=self.scale)
        out = out.transpose(1, 2).reshape(count, new, self.width)
        return layer.cross_out(out)
