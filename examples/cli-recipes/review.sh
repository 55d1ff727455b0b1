#!/usr/bin/env bash
# A saved role: a system prompt with the model and settings that suit it, used with -r.
set -euo pipefail
roles="${XDG_CONFIG_HOME:-$HOME/.config}/comput3/roles"
mkdir -p "$roles"
cat >"$roles/reviewer.md" <<'ROLE'
---
description: Reviews a change
model: qwen3-coder:480b
temperature: 0.2
---
You review code. Point at the lines that matter and say why.
ROLE
comput3 roles list
{ git diff HEAD~1 2>/dev/null || true; } | comput3 -r reviewer --no-save "$@" "Review this change."
