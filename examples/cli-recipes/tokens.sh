#!/usr/bin/env bash
# The answer and its figures as JSON, taken apart with jq: the text, the tokens, the request id.
set -euo pipefail
answer=$(comput3 --json --no-stream --no-save "$@" "${PROMPT:-Name three rivers}")
jq -r '.choices[0].message.content' <<<"$answer"
jq -r '"\(.usage.prompt_tokens) + \(.usage.completion_tokens) tokens, request \(.comput3_stats.requestId)"' <<<"$answer"
