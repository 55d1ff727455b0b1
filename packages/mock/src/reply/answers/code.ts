import type { Entry } from './entry.js';

/** Code people ask a model for first: each block runs as written. */
export const CODE: Entry[] = [
  {
    id: 'retry-fetch',
    ask: [
      'Write a TypeScript function that retries fetch',
      'retry fetch with exponential backoff',
      'how do I retry a failed fetch request',
      'fetch with retries in javascript',
    ],
    keywords: 'retry retries fetch backoff typescript javascript',
    answer: `Here is a \`fetch\` wrapper that retries network errors and retryable statuses (408, 429, 5xx) with exponential backoff and jitter, honours \`Retry-After\`, and never retries a request the caller aborted:

\`\`\`ts
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export async function fetchWithRetry(
  url: string | URL,
  init: RequestInit = {},
  { retries = 3, baseMs = 500, maxMs = 8_000 } = {},
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await fetch(url, init);
      if (!RETRYABLE.has(response.status) || attempt === retries) return response;
    } catch (error) {
      // Aborted by the caller, or out of attempts: give up with the real error.
      if (init.signal?.aborted || attempt === retries) throw error;
    }
    const retryAfter = Number(response?.headers.get('retry-after'));
    const backoff = Math.min(maxMs, baseMs * 2 ** attempt);
    const wait = Number.isFinite(retryAfter) && retryAfter > 0
      ? retryAfter * 1000
      : backoff / 2 + Math.random() * (backoff / 2); // jitter: clients do not retry in step
    await response?.body?.cancel(); // free the connection before waiting
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

// Usage
const res = await fetchWithRetry('https://example.com/api', { method: 'GET' });
console.log(res.status);
\`\`\`

Two cautions: only retry a \`POST\` that is safe to repeat (send an idempotency key), and keep the total time bounded so a person is not left waiting.`,
  },
  {
    id: 'retries-backoff',
    ask: [
      'How should I retry failed requests',
      'what is exponential backoff',
      'exponential backoff and jitter',
      'retry strategy for an API client',
    ],
    keywords: 'retry backoff exponential jitter strategy',
    answer: `A retry policy that behaves well under load:

1. **Retry only what can succeed next time**: connection errors, timeouts, \`408\`, \`429\` and \`5xx\`. A \`400\` or \`401\` will fail again the same way.
2. **Back off exponentially**: wait about \`base × 2^attempt\` (0.5 s, 1 s, 2 s, 4 s…), capped (say 8 s).
3. **Add jitter**: pick a random wait in part of that range, so thousands of clients that failed together do not retry together ("thundering herd").
4. **Honour \`Retry-After\`** when the server sends it.
5. **Bound it**: a few attempts, and a total deadline.
6. **Only repeat safe requests**: idempotent methods, or a \`POST\` with an idempotency key. Never re-send a paid or state-changing request after a local error (your own bug or a bad response), only after a network failure.

The "full jitter" wait in one line: \`Math.random() * Math.min(cap, base * 2 ** attempt)\`.`,
  },
  {
    id: 'debounce-throttle',
    ask: [
      'debounce vs throttle',
      'write a debounce function',
      'what is debouncing',
      'throttle function javascript',
    ],
    keywords: 'debounce debouncing throttle throttling javascript typescript events',
    answer: `**Debounce** waits until calls stop for a while, then runs once (search as you type). **Throttle** runs at most once per interval while calls keep coming (scroll and resize handlers).

\`\`\`ts
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let last = 0;
  return (...args: A) => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      fn(...args);
    }
  };
}

const search = debounce((q: string) => console.log('search', q), 300);
search('s'); search('ss'); search('sse'); // logs "search sse" once, 300 ms later
\`\`\``,
  },
  {
    id: 'binary-search',
    ask: ['Write binary search', 'implement binary search', 'how does binary search work'],
    keywords: 'binary search sorted array algorithm',
    answer: `Binary search finds a value in a **sorted** array by halving the range each step: *O(log n)* comparisons.

\`\`\`ts
/** The index of \`target\` in the sorted array, or -1. */
export function binarySearch(sorted: number[], target: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (sorted[mid] === target) return mid;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

console.log(binarySearch([1, 3, 5, 7, 9, 11], 7)); // 3
console.log(binarySearch([1, 3, 5, 7, 9, 11], 4)); // -1
\`\`\`

And in Python, where the standard library has it:

\`\`\`python
from bisect import bisect_left

def binary_search(sorted_list, target):
    i = bisect_left(sorted_list, target)
    return i if i < len(sorted_list) and sorted_list[i] == target else -1

print(binary_search([1, 3, 5, 7, 9, 11], 7))  # 3
\`\`\`

The classic bugs are an off-by-one in the loop condition (\`<=\` with \`hi = length - 1\`) and searching an unsorted array.`,
  },
  {
    id: 'fizzbuzz',
    ask: ['Write FizzBuzz', 'fizzbuzz in python', 'fizz buzz javascript'],
    keywords: 'fizzbuzz fizz buzz',
    answer: `\`\`\`ts
for (let i = 1; i <= 100; i++) {
  const word = (i % 3 === 0 ? 'Fizz' : '') + (i % 5 === 0 ? 'Buzz' : '');
  console.log(word || i);
}
\`\`\`

\`\`\`python
for i in range(1, 101):
    print("Fizz" * (i % 3 == 0) + "Buzz" * (i % 5 == 0) or i)
\`\`\`

Building the word from both checks avoids a separate \`% 15\` case.`,
  },
  {
    id: 'palindrome',
    ask: ['check if a string is a palindrome', 'reverse a string', 'palindrome function'],
    keywords: 'palindrome reverse string',
    answer: `\`\`\`ts
/** Reads the same both ways, ignoring case, spaces and punctuation. */
export function isPalindrome(text: string): boolean {
  const letters = text.toLowerCase().replace(/[^\\p{L}\\p{N}]/gu, '');
  let i = 0;
  let j = letters.length - 1;
  while (i < j) if (letters[i++] !== letters[j--]) return false;
  return true;
}

console.log(isPalindrome('A man, a plan, a canal: Panama')); // true
console.log(isPalindrome('comput3')); // false

// Reversing a string by code points (not UTF-16 units, which would split emoji):
const reverse = (s: string) => [...s].reverse().join('');
console.log(reverse('héllo')); // "olléh"
\`\`\``,
  },
  {
    id: 'sorting',
    ask: [
      'Write quicksort',
      'which sorting algorithm should I use',
      'implement merge sort',
      'sorting algorithms explained',
    ],
    keywords: 'sort sorting quicksort mergesort algorithm',
    answer: `Use your language's built-in sort in real code (\`Array.prototype.sort\` with a comparator, Python's \`sorted\`): both are stable and *O(n log n)*. To see how one works, merge sort is the clearest:

\`\`\`ts
export function mergeSort(xs: number[]): number[] {
  if (xs.length <= 1) return xs;
  const mid = xs.length >> 1;
  const left = mergeSort(xs.slice(0, mid));
  const right = mergeSort(xs.slice(mid));
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(left[i]! <= right[j]! ? left[i++]! : right[j++]!);
  return [...out, ...left.slice(i), ...right.slice(j)];
}

console.log(mergeSort([5, 2, 9, 1, 5, 6])); // [1, 2, 5, 5, 6, 9]
// The built-in, numerically (the default compares as strings):
console.log([10, 9, 1].sort((a, b) => a - b)); // [1, 9, 10]
\`\`\`

| | Average | Worst | Extra memory | Stable |
| --- | --- | --- | --- | --- |
| Merge sort | n log n | n log n | n | yes |
| Quicksort | n log n | n² (bad pivots) | log n | no |
| Heap sort | n log n | n log n | 1 | no |
| Insertion sort | n² | n² | 1 | yes (fast on nearly sorted, small input) |`,
  },
  {
    id: 'async-await',
    ask: [
      'Explain async/await in JavaScript',
      'how does async await work',
      'what is a promise',
      'promises vs async await',
    ],
    keywords: 'async await promise promises javascript asynchronous',
    answer: `A **Promise** is a value that arrives later: it is pending, then fulfilled with a value or rejected with an error. \`async\`/\`await\` is syntax for using promises as if the code were sequential.

\`\`\`js
async function getUser(id) {
  const res = await fetch(\`https://jsonplaceholder.typicode.com/users/\${id}\`);
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
  return res.json();
}

try {
  const user = await getUser(1);
  console.log(user.name);
} catch (error) {
  console.error('could not load the user:', error.message);
}
\`\`\`

- An \`async\` function always returns a promise; \`return x\` fulfils it, \`throw\` rejects it.
- \`await\` pauses only that function, not the program: other work (timers, I/O) goes on meanwhile.
- Errors are caught with ordinary \`try\`/\`catch\`.

Run independent work at the same time instead of one after another:

\`\`\`js
const [a, b] = await Promise.all([getUser(1), getUser(2)]); // fails fast if either fails
const results = await Promise.allSettled([getUser(1), getUser(999)]); // every outcome, never rejects
\`\`\``,
  },
  {
    id: 'event-loop',
    ask: [
      'How does the JavaScript event loop work',
      'explain the event loop',
      'microtasks vs macrotasks',
    ],
    keywords: 'event loop microtask macrotask javascript node',
    answer: `JavaScript runs your code on one thread. The **event loop** decides what runs next:

1. Run the current task (a script, a timer callback, an I/O callback) to completion.
2. Then drain the **microtask** queue: promise reactions (\`.then\`, code after \`await\`) and \`queueMicrotask\`, including any microtasks those add.
3. In a browser, render if it is time; then take the next **task** (macrotask): \`setTimeout\`, I/O, user events.

\`\`\`js
console.log('1 script');
setTimeout(() => console.log('4 timeout (a task)'), 0);
Promise.resolve().then(() => console.log('3 promise (a microtask)'));
console.log('2 script');
// 1 script, 2 script, 3 promise (a microtask), 4 timeout (a task)
\`\`\`

Consequences: a long synchronous loop blocks everything (clicks, rendering, other requests in a Node server), so split heavy work or move it to a worker; and \`await\` never makes CPU-bound code run in parallel.`,
  },
  {
    id: 'closures',
    ask: ['What is a closure in JavaScript', 'explain closures', 'closure example'],
    keywords: 'closure closures scope javascript function',
    answer: `A **closure** is a function together with the variables from the scope it was created in: it keeps them alive and can use them after that scope has returned.

\`\`\`js
function counter() {
  let count = 0; // private: only the functions below can reach it
  return {
    increment: () => ++count,
    current: () => count,
  };
}

const a = counter();
a.increment();
a.increment();
console.log(a.current()); // 2
console.log(counter().current()); // 0: each call has its own count
\`\`\`

Closures are behind callbacks, event handlers, \`debounce\`, module-private state and React hooks. The classic surprise was \`var\` in loops (every callback saw the last value); \`let\` creates a new binding per iteration, so it no longer bites.`,
  },
  {
    id: 'ts-generics',
    ask: [
      'Explain TypeScript generics',
      'how do generics work in TypeScript',
      'typescript generic function example',
    ],
    keywords: 'typescript generics generic type parameter',
    answer: `**Generics** let a function or type work for many types while keeping track of which one: a type parameter is a variable for a type.

\`\`\`ts
function first<T>(items: T[]): T | undefined {
  return items[0];
}
const n = first([1, 2, 3]); // n: number | undefined
const s = first(['a', 'b']); // s: string | undefined

// Constraints: T must have a length
function longest<T extends { length: number }>(a: T, b: T): T {
  return a.length >= b.length ? a : b;
}
longest('abc', 'de'); // "abc"
longest([1, 2], [3]); // [1, 2]

// Generic types
interface ApiResult<T> {
  data: T;
  requestId: string;
}
const result: ApiResult<{ id: number }> = { data: { id: 1 }, requestId: 'req_1' };

// keyof: only keys that exist, with the right value type
function pick<T, K extends keyof T>(obj: T, key: K): T[K] {
  return obj[key];
}
pick({ name: 'Ada', age: 36 }, 'age'); // number
\`\`\`

Prefer letting TypeScript infer type arguments, as above; write them (\`first<string>([])\`) only when it cannot.`,
  },
  {
    id: 'interface-vs-type',
    ask: [
      'TypeScript interface vs type',
      'difference between type and interface',
      'should I use type or interface',
    ],
    keywords: 'typescript interface type alias difference',
    answer: `For describing the shape of an object they are nearly interchangeable:

\`\`\`ts
interface User { id: number; name: string }
type UserT = { id: number; name: string };
\`\`\`

The differences that matter:

- Only \`type\` can name unions, tuples, primitives and mapped or conditional types: \`type Status = 'ok' | 'error'\`, \`type Pair = [string, number]\`.
- \`interface\` declarations with the same name **merge**, which is how libraries let you extend their types (\`declare module\`); a \`type\` cannot be reopened.
- \`interface A extends B\` reports conflicting members clearly; \`type A = B & C\` silently produces \`never\` for conflicts.

A common convention: \`interface\` for object shapes (especially public APIs that others may extend), \`type\` for everything else. Consistency in a codebase matters more than the choice.`,
  },
  {
    id: 'regex',
    ask: [
      'Regular expressions basics',
      'regex for an email address',
      'explain regex',
      'how do regular expressions work',
    ],
    keywords: 'regex regexp regular expression expressions pattern',
    answer: `The pieces you use most:

| Pattern | Matches |
| --- | --- |
| \`.\` | any character but a newline |
| \`\\d\` \`\\w\` \`\\s\` | a digit, a word character, whitespace |
| \`[a-z]\` \`[^0-9]\` | one of, none of |
| \`*\` \`+\` \`?\` \`{2,4}\` | 0 or more, 1 or more, optional, 2 to 4 times |
| \`^\` \`$\` | start, end (of a line with the \`m\` flag) |
| \`(…)\` \`(?<name>…)\` \`(?:…)\` | a group, a named group, a group that captures nothing |
| \`a\\|b\` | either |

\`\`\`js
const date = /^(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})$/;
console.log('2026-12-03'.match(date).groups.month); // "12"

// A practical email check (the full standard is not worth matching with a regex):
const email = /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/;
console.log(email.test('ada@example.com')); // true
\`\`\`

Beware patterns with nested repetition such as \`(a+)+$\`: on input that almost matches, they backtrack exponentially (a "ReDoS"). Keep repetitions simple, anchor patterns, and bound input length when the text comes from outside.`,
  },
  {
    id: 'python-comprehensions',
    ask: [
      'list comprehension in Python',
      'python list comprehensions explained',
      'dict comprehension',
    ],
    keywords: 'python list comprehension dict generator',
    answer: `A comprehension builds a collection from a loop in one expression:

\`\`\`python
squares = [n * n for n in range(10)]
evens = [n for n in range(20) if n % 2 == 0]
pairs = [(x, y) for x in "ab" for y in (1, 2)]   # [('a', 1), ('a', 2), ('b', 1), ('b', 2)]

words = ["sse", "rest", "graphql"]
lengths = {w: len(w) for w in words}             # dict: {'sse': 3, 'rest': 4, 'graphql': 7}
initials = {w[0] for w in words}                 # set: {'s', 'r', 'g'}
total = sum(n * n for n in range(10**6))         # generator: no list held in memory

print(squares[:4], evens[:3], lengths)
\`\`\`

Read it as "*expression* **for** *item* **in** *iterable* **if** *condition*". When it needs more than one \`for\` and an \`if\`, a plain loop is usually clearer.`,
  },
  {
    id: 'recursion',
    ask: ['Explain recursion with an example', 'what is recursion', 'recursive function example'],
    keywords: 'recursion recursive factorial fibonacci',
    answer: `A recursive function solves a problem by calling itself on a smaller version of it, until a **base case** it can answer directly.

\`\`\`python
def factorial(n):
    if n <= 1:          # base case
        return 1
    return n * factorial(n - 1)

def flatten(items):
    """Nested lists of any depth, flattened."""
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out

print(factorial(5))                  # 120
print(flatten([1, [2, [3, [4]]], 5]))  # [1, 2, 3, 4, 5]
\`\`\`

Recursion fits data that is recursive itself: trees, nested lists, file systems, parsers. Each call uses stack space, so very deep recursion overflows (Python stops at about 1,000 levels by default): for deep or untrusted input, use a loop with an explicit stack.`,
  },
  {
    id: 'hash-map',
    ask: ['How does a hash map work', 'what is a hash table', 'explain hashmaps'],
    keywords: 'hash map table hashmap dictionary',
    answer: `A **hash map** stores key-value pairs in an array of buckets:

1. A **hash function** turns the key into a number, and that number modulo the array size picks a bucket.
2. Two keys can land in the same bucket (a **collision**): the bucket holds a short list of entries (chaining), or the map probes the next free slot (open addressing).
3. When the map gets too full (its load factor passes about 0.75), it allocates a bigger array and re-inserts everything.

So lookups, inserts and deletes take *O(1)* on average, and *O(n)* in the worst case when many keys collide.

In practice: \`Map\` in JavaScript, \`dict\` in Python, \`HashMap\` in Java and Rust. Keys must hash consistently with equality, and you should not mutate an object while it is used as a key. When keys come from outside (user input), use a \`Map\` rather than a plain object in JavaScript: a key such as \`__proto__\` cannot then change the object's prototype.`,
  },
];
