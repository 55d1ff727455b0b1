import type { Entry } from './entry.js';

/** Databases, git, containers, how software is built and run, and this toolkit itself. */
export const TOOLS: Entry[] = [
  {
    id: 'big-o',
    ask: ['Explain Big-O notation', 'what is big o', 'time complexity explained'],
    keywords: 'big-o big o notation complexity time space',
    answer: `**Big-O** describes how an algorithm's cost grows with the size of its input *n*, ignoring constant factors: it is about the shape of the curve, not the milliseconds.

| Big-O | Name | Example |
| --- | --- | --- |
| O(1) | constant | reading \`array[i]\`, a hash map lookup |
| O(log n) | logarithmic | binary search |
| O(n) | linear | one pass over a list |
| O(n log n) | linearithmic | a good sort |
| O(n²) | quadratic | comparing every pair; a nested loop over the same list |
| O(2ⁿ) | exponential | trying every subset |

Rules of thumb: drop constants (O(2n) is O(n)), keep the largest term (O(n² + n) is O(n²)), and a loop inside a loop over the same data is usually O(n²). Going from O(n²) to O(n log n) matters far more at scale than any micro-optimisation: at n = 1,000,000 that is about 10¹² steps against 2 × 10⁷.`,
  },
  {
    id: 'sql-joins',
    ask: [
      'SQL joins explained',
      'difference between inner join and left join',
      'how do SQL joins work',
    ],
    keywords: 'sql join joins inner left right outer',
    answer: `A join combines rows of two tables where a condition holds. With \`users(id, name)\` and \`orders(id, user_id, total)\`:

\`\`\`sql
-- INNER JOIN: only users who have orders (one row per order)
SELECT u.name, o.total
FROM users u
JOIN orders o ON o.user_id = u.id;

-- LEFT JOIN: every user; order columns are NULL for users without orders
SELECT u.name, o.total
FROM users u
LEFT JOIN orders o ON o.user_id = u.id;

-- Users with no orders at all
SELECT u.name
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
WHERE o.id IS NULL;

-- Each user's order count, zero included
SELECT u.name, COUNT(o.id) AS orders
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
GROUP BY u.id, u.name;
\`\`\`

- \`RIGHT JOIN\` is a \`LEFT JOIN\` with the tables swapped; \`FULL OUTER JOIN\` keeps unmatched rows from both sides.
- \`CROSS JOIN\` pairs every row with every row.
- A condition on the right table belongs in \`ON\` for a left join: put it in \`WHERE\` and the join silently becomes an inner join.`,
  },
  {
    id: 'sql-index',
    ask: ['What is a database index', 'how do indexes work', 'when should I add an index'],
    keywords: 'database index indexes b-tree query sql',
    answer: `An **index** is a sorted copy of one or more columns (usually a B-tree) with pointers to the rows, so the database can find matching rows without reading the whole table, like a book's index.

\`\`\`sql
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- Now this reads a handful of rows instead of scanning the table:
SELECT * FROM orders WHERE user_id = 42;

-- Composite index: serves filters on (user_id) and on (user_id, created_at)
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);
\`\`\`

Add one for columns you filter, join or sort on often (foreign keys especially). Indexes are not free: each one slows writes and takes space, and a column with few distinct values (a boolean) rarely benefits. Check with \`EXPLAIN\` (\`EXPLAIN ANALYZE\` in PostgreSQL) that a query uses the index you expect.`,
  },
  {
    id: 'sql-vs-nosql',
    ask: ['SQL vs NoSQL', 'should I use MongoDB or PostgreSQL', 'relational vs document database'],
    keywords: 'sql nosql mongodb postgresql relational document database',
    answer: `| | Relational (PostgreSQL, MySQL, SQLite) | Document and other NoSQL (MongoDB, DynamoDB, Redis) |
| --- | --- | --- |
| Data model | tables with a schema, related by keys | documents, key-value pairs, wide columns or graphs |
| Queries | SQL: joins, aggregation, ad hoc questions | per-store APIs; best for the access patterns designed in |
| Consistency | ACID transactions across tables | varies; often per document, eventual across items |
| Scaling | vertical first; read replicas; sharding is work | many are built to shard horizontally |

**Default to a relational database** (PostgreSQL is a strong choice): most application data is relational, and SQL answers questions you did not plan for. It also stores JSON (\`jsonb\`) when part of your data has no fixed shape.

Reach for NoSQL for a specific need: a cache or queue (Redis), enormous write volume with known access patterns (DynamoDB, Cassandra), or graph traversal (Neo4j).`,
  },
  {
    id: 'git-rebase-merge',
    ask: [
      'git rebase vs merge',
      'difference between git merge and rebase',
      'should I rebase or merge',
    ],
    keywords: 'git rebase merge branch history',
    answer: `Both bring the commits of one branch into another; they differ in the history they leave.

- **\`git merge main\`** (on your branch) adds a merge commit joining the two histories. Nothing is rewritten, so it is always safe, but the history branches and rejoins.
- **\`git rebase main\`** replays your commits on top of the latest \`main\`, as if you had started from there. The history is a straight line, but your commits get new ids.

\`\`\`sh
git switch feature
git fetch origin
git rebase origin/main        # replay feature's commits on top of main
# on a conflict: fix the files, then
git add -A && git rebase --continue    # or git rebase --abort to go back
git push --force-with-lease   # the branch was rewritten: force, but safely
\`\`\`

The golden rule: **never rebase commits others have based work on** (a shared \`main\`). A common team practice: rebase your own feature branch to keep it current and tidy (\`git rebase -i\` to squash fixups), then merge it (or squash-merge) into \`main\`.`,
  },
  {
    id: 'git-undo',
    ask: [
      'How do I undo the last git commit',
      'git undo commit',
      'revert a git commit',
      'git reset vs revert',
    ],
    keywords: 'git undo reset revert commit amend',
    answer: `It depends on whether the commit has been pushed:

\`\`\`sh
# Not pushed yet: take the commit back, keep its changes staged
git reset --soft HEAD~1

# ...or keep the changes but unstaged
git reset HEAD~1

# ...or throw the commit and its changes away (careful: this loses work)
git reset --hard HEAD~1

# Only fix the message or add a forgotten file to the last commit
git add forgotten.txt
git commit --amend

# Already pushed: add a new commit that undoes it (history is not rewritten)
git revert <commit-id>
\`\`\`

If you reset too far, \`git reflog\` lists where \`HEAD\` has been; \`git reset --hard <that id>\` brings it back.`,
  },
  {
    id: 'docker-layers',
    ask: [
      'How do Docker layers work',
      'Dockerfile caching',
      'why is my docker build slow',
      'docker image layers explained',
    ],
    keywords: 'docker dockerfile layers cache image build',
    answer: `Each instruction in a Dockerfile that changes the filesystem (\`FROM\`, \`RUN\`, \`COPY\`, \`ADD\`) produces a **layer**: a snapshot of what changed. An image is a stack of layers, shared between images that start the same way.

On a rebuild, Docker reuses a cached layer while the instruction and its inputs are unchanged; from the first change on, every later layer is rebuilt. So order the Dockerfile from what changes least to what changes most:

\`\`\`dockerfile
FROM node:22-slim
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lockfile changes
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
# Source last: editing code does not reinstall dependencies
COPY . .
CMD ["node", "server.js"]
\`\`\`

More tips: add a \`.dockerignore\` (\`node_modules\`, \`.git\`) so \`COPY . .\` does not bust the cache; clean up in the same \`RUN\` that made the mess (a file deleted in a later layer still takes space); and use a multi-stage build to compile in one image and copy only the result into a small runtime image.`,
  },
  {
    id: 'kubernetes',
    ask: ['What is Kubernetes', 'explain kubernetes pods and deployments', 'kubernetes basics'],
    keywords: 'kubernetes k8s pod deployment service container',
    answer: `**Kubernetes** runs containers across a cluster of machines and keeps them in the state you declare.

- A **Pod** is one or more containers scheduled together, sharing a network address: the unit that runs.
- A **Deployment** says "keep 3 replicas of this Pod template running"; it replaces crashed Pods and rolls out new versions gradually.
- A **Service** gives a stable name and address in front of changing Pods and load-balances between them; an **Ingress** (or Gateway) routes outside HTTP traffic to Services.
- **ConfigMaps** and **Secrets** hold configuration, mounted as files or environment variables.

\`\`\`yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.4.2
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
\`\`\`

\`kubectl apply -f web.yaml\` sends it; the cluster works until reality matches. For a single small service, a managed platform (Cloud Run, Fly.io, a plain VM) is often less to run.`,
  },
  {
    id: 'monolith-microservices',
    ask: ['microservices vs monolith', 'should I use microservices', 'monolith or microservices'],
    keywords: 'microservices monolith architecture services',
    answer: `| | Monolith | Microservices |
| --- | --- | --- |
| Deploy | one unit | many, independently |
| Calls between parts | function calls | network calls: latency, failures, versioning |
| Data | one database, transactions across everything | a store per service; consistency by design (events, sagas) |
| Teams | one codebase to coordinate in | teams own services end to end |
| Operations | simple | tracing, service discovery, many pipelines |

**Start with a well-structured monolith** (clear modules, each owning its data): it is faster to build, test and change while the domain is still being learned. Split a service out when there is a concrete reason: a part that must scale or deploy on its own, a team boundary, or different reliability needs. Microservices trade code complexity for operational complexity; make the trade when the first hurts more.`,
  },
  {
    id: 'testing-kinds',
    ask: [
      'unit tests vs integration tests',
      'what should I test',
      'difference between unit and end-to-end tests',
    ],
    keywords: 'unit integration end-to-end e2e tests testing',
    answer: `- **Unit tests** check one function or module on its own, fast (milliseconds), with its collaborators replaced where they are slow or random.
- **Integration tests** check that real parts work together: your code with a real database, an HTTP server on loopback, the file system.
- **End-to-end tests** drive the whole application as a user would (a browser, a CLI in a terminal).

\`\`\`ts
import { expect, test } from 'vitest';
import { slugify } from './slugify.js';

test('slugify lowercases and joins words with dashes', () => {
  expect(slugify('Hello, World!')).toBe('hello-world');
});
\`\`\`

A good balance: many unit tests for logic, integration tests for every boundary (that is where bugs hide: serialisation, timeouts, encodings), and a few end-to-end tests for the paths users depend on. Test behaviour rather than implementation, make each test able to fail (see it fail once), and wait for events rather than fixed sleeps so tests are not flaky on a busy machine.`,
  },
  {
    id: 'secrets',
    ask: [
      'How should I store API keys',
      'where do I keep secrets',
      'how to keep an API key out of git',
      'environment variables for secrets',
    ],
    keywords: 'api key keys secret secrets environment variable env dotenv',
    answer: `- **Never in the code or the repository.** Read keys from the environment (\`process.env.COMPUT3_API_KEY\`); for local development, a \`.env\` file listed in \`.gitignore\` (Node.js 20.6+ reads one with \`node --env-file=.env app.js\`).
- **In production**, from your platform's secret store (GitHub Actions secrets, AWS Secrets Manager, Vault, Kubernetes Secrets), injected as environment variables or files.
- **On a developer's machine**, the OS keychain is better than a plain file: \`comput3 keys set\` keeps the key there, or in a file only you can read where there is no keychain.
- **Never in a browser.** Anything sent to a page can be read; call the API from your server and relay the answer.
- **Keep them out of logs and errors**: redact before printing.

If a key leaks (a commit, a screenshot), revoke it and make a new one first; cleaning the git history comes after, since the old key must be treated as public.`,
  },
  {
    id: 'utf8',
    ask: ['What is UTF-8', 'unicode vs utf-8', 'character encoding explained'],
    keywords: 'utf-8 utf8 unicode encoding characters bytes',
    answer: `**Unicode** gives every character a number, its code point (\`é\` is U+00E9, \`😀\` is U+1F600). **UTF-8** is the most common way to store those numbers as bytes: 1 byte for ASCII, 2 to 4 for everything else.

\`\`\`js
const text = 'héllo 😀';
console.log(text.length);                           // 8: UTF-16 code units (the emoji takes 2)
console.log([...text].length);                      // 7: code points
console.log(new TextEncoder().encode(text).length); // 11: UTF-8 bytes
\`\`\`

Why it matters: ASCII text is already valid UTF-8; byte lengths differ from character counts (size limits, database columns); cutting bytes in the middle of a character produces garbage (decode streams with a streaming decoder, such as \`TextDecoder\` with \`{ stream: true }\`); and what looks like one character can be several code points (\`é\` as \`e\` plus a combining accent, flags, emoji with skin tones).`,
  },
  {
    id: 'python-venv',
    ask: [
      'How do I set up a Python virtual environment',
      'python venv',
      'pip install in a virtualenv',
    ],
    keywords: 'python venv virtualenv virtual environment pip',
    answer: `\`\`\`sh
python3 -m venv .venv              # create it in the project folder
source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
python -m pip install requests     # installs into .venv only
python -m pip freeze > requirements.txt
deactivate                         # back to the system Python
\`\`\`

Each project gets its own packages and versions, and nothing is installed system-wide. Add \`.venv/\` to \`.gitignore\`, and rebuild it elsewhere with \`python -m pip install -r requirements.txt\`. Newer tools (uv, Poetry) create and manage the environment for you and pin versions in a lockfile.`,
  },
  {
    id: 'comput3-streaming',
    ask: [
      'How do I stream a chat completion',
      'stream tokens with @comput3/core',
      'how to use the Comput3 SDK',
      'call the Comput3 API from TypeScript',
    ],
    keywords: 'comput3 sdk stream streaming chat completion typescript core',
    answer: `With \`@comput3/core\`:

\`\`\`ts
import { Comput3 } from '@comput3/core';

const client = new Comput3({ apiKey: process.env.COMPUT3_API_KEY });

const stream = await client.chat.completions.create({
  model: 'hermes4:70b',
  messages: [{ role: 'user', content: 'Explain SSE in one paragraph' }],
  stream: true,
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta.content ?? '');
}
const done = await stream.finalCompletion(); // the whole answer, usage included
console.error(\`\\n\${done.usage?.completion_tokens} tokens\`);
\`\`\`

The SDK checks every event, tells a stream cut off before its end from a whole one, retries only real network failures, and throws typed errors (\`RateLimitError\`, \`AuthenticationError\`, …). From a terminal, \`comput3 "Explain SSE in one paragraph"\` does the same.`,
  },
  {
    id: 'about-mock',
    ask: ['What can you do', 'who are you', 'are you a real model', 'what is this'],
    keywords: 'you mock offline model real help what can',
    answer: `I am the **offline mock** of the Comput3 API, running on your machine: no key, no network. I answer like a model would (Markdown, streamed at a real model's pace, with real token counts), but from a set of written answers to common developer questions: server-sent events, REST vs GraphQL, retries and backoff, async/await, SQL joins, git, Docker, regular expressions, and more. I can also remember simple facts you tell me ("my name is Ada") and do arithmetic.

For anything else I will say that I have no answer rather than make one up. {realAnswer}`,
  },
  {
    id: 'rivers',
    ask: ['Name three rivers', 'name some rivers', 'longest rivers in the world'],
    keywords: 'rivers river longest',
    answer: `The Nile, the Amazon and the Yangtze: the three longest rivers in the world, in Africa, South America and Asia.`,
    fr: `Le Nil, l'Amazone et le Yangtsé : les trois plus longs fleuves du monde, en Afrique, en Amérique du Sud et en Asie.`,
  },
  {
    id: 'capitals',
    ask: ['What is the capital of France', 'capital of Germany', 'capital city of Japan'],
    keywords: 'capital france germany japan paris city',
    answer: `Paris is the capital of France. (For the record: Berlin is Germany's, Tokyo is Japan's.)`,
    fr: `Paris est la capitale de la France. (Pour mémoire : Berlin est celle de l'Allemagne, Tokyo celle du Japon.)`,
  },
  {
    id: 'bloom-filter',
    ask: ['Name three uses of a Bloom filter', 'what is a bloom filter', 'bloom filter'],
    keywords: 'bloom filter probabilistic set membership false positives',
    answer: `A **Bloom filter** answers "is this in the set?" with "no" or "probably", in a few bits per item. Three uses:

1. **Skipping disk reads**: LSM-tree databases (Cassandra, RocksDB, LevelDB) keep one per file, so a lookup reads only the files that may hold the key.
2. **Caching only what is asked twice**: CDNs (Akamai) store an object the second time it is requested, which keeps one-hit wonders out of the cache.
3. **Checking a large blocklist cheaply**: a browser or proxy tests a URL against known-bad ones locally, and asks the server only on a "probably".

A "no" is always right; a "probably" is wrong at the rate the filter was sized for (about 1% with 10 bits per item and 7 hash functions). Items cannot be removed (a counting Bloom filter can).`,
    fr: `Un **filtre de Bloom** répond à « est-ce dans l'ensemble ? » par « non » ou « probablement », avec quelques bits par élément. Trois usages :

1. **Éviter des lectures sur disque** : les bases LSM (Cassandra, RocksDB, LevelDB) en gardent un par fichier, et ne lisent que les fichiers qui peuvent contenir la clé.
2. **Ne mettre en cache que ce qui est demandé deux fois** : les CDN (Akamai) stockent un objet à sa deuxième demande.
3. **Vérifier une grande liste de blocage à peu de frais** : un navigateur ou un proxy teste une URL localement, et n'interroge le serveur que sur un « probablement ».

Un « non » est toujours juste ; un « probablement » se trompe au taux prévu (environ 1 % avec 10 bits par élément et 7 fonctions de hachage).`,
  },
  {
    id: 'bloom-filter-python',
    ask: ['A Bloom filter in Python', 'implement a bloom filter in python'],
    keywords: 'bloom filter python implementation false positives',
    answer: `A Bloom filter in Python, sized from the number of items and the false-positive rate (about 9.6 bits and 7 hashes per item at 1%):

\`\`\`python
import hashlib
import math


class BloomFilter:
    """A set that answers "no" or "probably": a few bits per item, no removals."""

    def __init__(self, capacity: int, error_rate: float = 0.01):
        # Sized for \`capacity\` items at \`error_rate\` false positives.
        self.size = math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)
        self.hashes = max(1, round(self.size / capacity * math.log(2)))
        self.bits = bytearray((self.size + 7) // 8)

    def _positions(self, item: str):
        # Double hashing: k positions from two halves of one SHA-256 digest.
        digest = hashlib.sha256(item.encode()).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        return [(h1 + i * h2) % self.size for i in range(self.hashes)]

    def add(self, item: str) -> None:
        for p in self._positions(item):
            self.bits[p // 8] |= 1 << (p % 8)

    def __contains__(self, item: str) -> bool:
        return all(self.bits[p // 8] >> (p % 8) & 1 for p in self._positions(item))


seen = BloomFilter(capacity=1_000)
seen.add("https://example.com/a")
print("https://example.com/a" in seen)  # True
print("https://example.com/b" in seen)  # False (or, about 1% of the time once full, True)
\`\`\`

The 7 positions come from one SHA-256 digest by double hashing, which is as good as 7 separate hashes for this purpose. For production use, \`pybloom-live\` or Redis's \`BF.ADD\`/\`BF.EXISTS\` do the same with more care.`,
  },
  {
    id: 'haiku-rivers',
    ask: ['Write a haiku about rivers', 'a haiku about a river'],
    keywords: 'haiku',
    answer: `Snowmelt finds the stone,
bends around the sleeping hills,
the sea calls it home.`,
  },
  {
    id: 'post-title',
    ask: ['A title and tags for a post about SSE', 'title and tags for a blog post'],
    keywords: 'title tags post blog',
    answer: `**Title:** Server-Sent Events: Streaming Answers Over Plain HTTP

**Tags:** sse, http, streaming, eventsource, web`,
  },
  {
    id: 'trip-plan',
    ask: ['Plan a short trip: a city and a number of days', 'plan a trip', 'plan a weekend away'],
    keywords: 'trip plan city days travel weekend',
    answer: `**Lisbon, 3 days.**

1. **Alfama and the castle**: walk up through the old quarter to São Jorge, and hear fado in the evening.
2. **Belém**: the monastery, the tower, and pastéis de nata where they were first made.
3. **Sintra** by train (40 minutes): the Pena Palace and the Moorish castle on the hill.`,
  },
  {
    id: 'long-story',
    ask: ['Tell me a long story', 'tell me a story', 'a bedtime story'],
    keywords: 'story tale once upon',
    answer: `**The Lighthouse Keeper's Logbook**

Mara kept the lighthouse at Cape Ardent for eleven years, and in all that time she wrote one line in the logbook each night: the weather, the ships, the state of the lamp. Most nights the line was the same. *Wind west, three ships, lamp good.*

On the first night of her twelfth winter, the lamp failed. Not the bulb: the clockwork that turned the lens had stopped, and the beam stood still, pointing out at a sea that was already rising. Mara climbed the ninety-one steps with a lantern in her teeth and found the mainspring snapped clean through.

There was no spare. The supply boat came in spring. Below her, somewhere in the dark, a trawler's lights were moving toward the rocks that the turning beam was meant to warn it from.

So she turned the lens by hand. She set her shoulder to the brass frame and walked it round, one full turn every twenty seconds, counting under her breath the way the clockwork would have counted. The trawler's lights hesitated, swung wide, and passed the cape.

She turned it until dawn. Then she slept four hours, and turned it again the next night, and the next. Word went down the coast: the light at Ardent still turns, but it has a person's rhythm now, a little slow on the uphill side of the turn. Fishermen said they could tell it from any other light in the world.

When the supply boat came in April, the engineer fitted a new mainspring and asked to see the logbook. For ninety-three nights the entries read the same: *Wind west. Turned by hand. Lamp good.*

He read them all, closed the book, and said nothing. But the next winter, the boat brought two spare springs, and a letter from the harbour master that began: *To the keeper who turns the light.*`,
  },
];
