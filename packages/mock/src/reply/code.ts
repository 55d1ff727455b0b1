/**
 * Code for the mock's answers: a small, runnable-looking function in the language the user asked
 * for, named after the topic. The fence carries the language, as real models write it.
 */
export type Language =
  'typescript' | 'javascript' | 'python' | 'bash' | 'sql' | 'rust' | 'go' | 'json';

const NAMES: [RegExp, Language][] = [
  [/\b(typescript|ts|tsx|deno)\b/i, 'typescript'],
  [/\b(javascript|js|node(\.js)?|npm)\b/i, 'javascript'],
  [/\b(python|py|pandas|django|flask)\b/i, 'python'],
  [/\b(sql|postgres(ql)?|sqlite|mysql)\b/i, 'sql'],
  [/\b(rust|cargo)\b/i, 'rust'],
  [/\b(golang|in go)\b/i, 'go'],
  [/\b(bash|shell script|zsh|command line)\b/i, 'bash'],
  [/\bjson\b/i, 'json'],
];

/** The language a message names, if any. */
export function detectLanguage(text: string): Language | undefined {
  return NAMES.find(([pattern]) => pattern.test(text))?.[1];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Random = () => number;

/** A fenced code block in `language`, with a function called `name` about `topic`. */
export function codeExample(
  language: Language,
  name: string,
  topic: string,
  random: Random,
): string {
  const limit = 2 + Math.floor(random() * 4);
  const sample = JSON.stringify(`${topic} from the offline mock`);
  const bodies: Record<Language, string> = {
    typescript: `/** ${topic}: split text into its first ${limit} words, lower-cased. */
export function ${name}(input: string, limit = ${limit}): string[] {
  return input
    .split(/\\s+/)
    .filter(Boolean)
    .slice(0, limit)
    .map((word) => word.toLowerCase());
}

console.log(${name}(${sample}));`,
    javascript: `// ${topic}: count how often each word appears.
export function ${name}(text) {
  const counts = new Map();
  for (const word of text.toLowerCase().split(/\\W+/).filter(Boolean)) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, ${limit});
}

console.log(${name}(${sample}));`,
    python: `def ${snake(name)}(text: str, limit: int = ${limit}) -> list[str]:
    """${topic}: the first words of a text, lower-cased."""
    return [word.lower() for word in text.split()][:limit]


if __name__ == "__main__":
    print(${snake(name)}(${sample}))`,
    bash: `#!/usr/bin/env bash
# ${topic}: print the ${limit} most common words of a file.
set -euo pipefail
tr -cs '[:alnum:]' '\\n' < "\${1:?usage: $0 FILE}" \\
  | tr '[:upper:]' '[:lower:]' \\
  | sort | uniq -c | sort -rn | head -n ${limit}`,
    sql: `-- ${topic}: the ${limit} most recent rows per owner.
SELECT owner, id, created_at
FROM (
  SELECT owner, id, created_at,
         row_number() OVER (PARTITION BY owner ORDER BY created_at DESC) AS rank
  FROM items
) AS ranked
WHERE rank <= ${limit}
ORDER BY owner, created_at DESC;`,
    rust: `/// ${topic}: the first words of a text, lower-cased.
fn ${snake(name)}(text: &str, limit: usize) -> Vec<String> {
    text.split_whitespace()
        .take(limit)
        .map(|word| word.to_lowercase())
        .collect()
}

fn main() {
    println!("{:?}", ${snake(name)}(${sample}, ${limit}));
}`,
    go: `package main

import (
	"fmt"
	"strings"
)

// ${capitalise(name)} returns the first words of a text, lower-cased (${topic}).
func ${capitalise(name)}(text string, limit int) []string {
	words := strings.Fields(strings.ToLower(text))
	if len(words) > limit {
		words = words[:limit]
	}
	return words
}

func main() {
	fmt.Println(${capitalise(name)}(${sample}, ${limit}))
}`,
    json: JSON.stringify(
      { name, topic, limit, tags: ['offline', 'mock', 'example'], enabled: random() < 0.5 },
      null,
      2,
    ),
  };
  return `\`\`\`${language}\n${bodies[language]}\n\`\`\``;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
