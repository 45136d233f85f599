#!/usr/bin/env python3
"""Renders the reference prompts that JinjaTemplatesTest compares PoQ's Java rendering with, byte for byte.

Run once, from this folder, after adding or changing a template or a conversation:

    apt-get install python3-jinja2      # Debian; or any Python 3 with Jinja2 3.1
    python3 render_references.py

For each templates/NAME.jinja and each conversation in CONVERSATIONS it writes references/NAME.CASE.txt:
the prompt the template renders (add_generation_prompt=True), or "ERROR: <message>" where the template
refuses the conversation with raise_exception. The environment is the one Hugging Face transformers
renders chat templates in (apply_chat_template): trim_blocks, lstrip_blocks, loop controls, a sandbox,
tojson without ASCII escaping, raise_exception and strftime_now. strftime_now reads a fixed clock
(FIXED_NOW) so that the references do not change with the day they were made.
"""
import datetime
import json
import pathlib

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

BOS = "<s>"
EOS = "</s>"
FIXED_NOW = datetime.datetime(2026, 1, 15, 9, 30, 0)

CONVERSATIONS = {
    "user": [
        {"role": "user", "content": "What is 2+2?"},
    ],
    "system": [
        {"role": "system", "content": "You are a careful assistant."},
        {"role": "user", "content": "What is 2+2?"},
    ],
    "turns": [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "2+2?"},
    ],
    "text": [
        {"role": "user", "content": "  Grüße, 你好 — «quotes», \"json\" & <tags>\n\tindented line\n"},
    ],
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FIXED_NOW.strftime(fmt)


class Generation(Extension):
    """{% generation %}...{% endgeneration %} (transformers' assistant-mask marker): renders its body as it is."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.Scope(body, lineno=lineno)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols, Generation])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    here = pathlib.Path(__file__).resolve().parent
    out = here / "references"
    out.mkdir(exist_ok=True)
    env = environment()
    for path in sorted((here / "templates").glob("*.jinja")):
        template = env.from_string(path.read_text(encoding="utf-8"))
        for case, messages in CONVERSATIONS.items():
            try:
                text = template.render(messages=messages, add_generation_prompt=True, bos_token=BOS, eos_token=EOS)
            except Exception as e:  # the template's own refusal (raise_exception) or a construct it cannot apply
                text = "ERROR: " + str(e)
            (out / f"{path.stem}.{case}.txt").write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
