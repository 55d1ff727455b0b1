#!/usr/bin/env bash
# A commit message for what is staged: the diff goes in on stdin, the prompt says what to do.
# (Add --offline to try it without a key.)
set -euo pipefail
git diff --cached | comput3 -m qwen3-coder:480b --no-save "$@" \
  "Write a one-line commit message for this diff, then a blank line and a short body."
