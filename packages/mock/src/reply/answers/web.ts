import type { Entry } from './entry.js';

/** The web and its protocols: what people ask first about APIs, streaming and HTTP. */
export const WEB: Entry[] = [
  {
    id: 'sse',
    ask: [
      'Explain server-sent events step by step',
      'explain SSE with an example',
      'SSE example',
      'Explain SSE in one paragraph',
      'explain SSE',
      'what is SSE',
      'how do server-sent events work',
      'explain server sent events',
    ],
    keywords: 'sse server-sent events eventsource event-stream',
    fr: `Les **server-sent events (SSE)** permettent à un serveur d'envoyer un flux de messages à un client sur une seule réponse HTTP ordinaire. Le client fait une requête (souvent avec \`Accept: text/event-stream\`) ; le serveur répond avec \`Content-Type: text/event-stream\` et garde la connexion ouverte ; chaque message est une ou plusieurs lignes \`data: …\` suivies d'une ligne vide. Dans un navigateur, \`EventSource\` se reconnecte tout seul et reprend au dernier \`id:\` reçu. C'est ainsi que les API de chat diffusent leurs réponses jeton par jeton.`,
    answer: `**Server-sent events (SSE)** let a server push a stream of messages to a client over one ordinary HTTP response. Step by step:

1. The client makes a normal GET (or POST) request, usually with \`Accept: text/event-stream\`.
2. The server answers \`200\` with \`Content-Type: text/event-stream\` and keeps the response open.
3. It writes events as plain text: lines such as \`data: …\`, optionally \`event:\`, \`id:\` and \`retry:\`, and a blank line ends each event.
4. The client reads them as they arrive. In a browser, \`EventSource\` does the parsing and reconnects on its own, sending \`Last-Event-ID\` so the server can resume.
5. The server ends the stream by closing the response (an API often sends a last \`data: [DONE]\` first).

A minimal server in Node.js:

\`\`\`js
import { createServer } from 'node:http';

createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  let n = 0;
  const timer = setInterval(() => {
    res.write(\`id: \${++n}\\ndata: {"tick": \${n}}\\n\\n\`);
    if (n === 5) {
      clearInterval(timer);
      res.end();
    }
  }, 1000);
  req.on('close', () => clearInterval(timer));
}).listen(8080);
\`\`\`

And in the browser:

\`\`\`js
const events = new EventSource('http://localhost:8080/');
events.onmessage = (e) => console.log(JSON.parse(e.data));
\`\`\`

SSE is one-way (server to client), text only, and works through proxies that understand HTTP, which is why chat APIs use it to stream tokens.`,
  },
  {
    id: 'sse-vs-websockets',
    ask: [
      'SSE vs WebSockets',
      'server-sent events or websockets',
      'difference between SSE and WebSocket',
      'when should I use websockets instead of SSE',
    ],
    keywords: 'websocket websockets sse server-sent events compare',
    answer: `Both keep a connection open so the server can send data as it happens; they differ in direction and machinery.

| | Server-sent events | WebSockets |
| --- | --- | --- |
| Direction | server → client only | both ways |
| Protocol | plain HTTP response (\`text/event-stream\`) | HTTP upgrade to its own framed protocol |
| Data | UTF-8 text events | text or binary frames |
| Reconnects | built into \`EventSource\`, with \`Last-Event-ID\` | you write it |
| Proxies, load balancers, auth | work as for any HTTP request | need upgrade support and sticky routing |

**Pick SSE** when the server talks and the client mostly listens: notifications, progress, live feeds, streamed model output. Requests from the client go as ordinary HTTP calls beside it.

**Pick WebSockets** when both sides send often and with low latency: chat rooms, multiplayer games, collaborative editing, or when you need binary frames.

A common mistake is reaching for WebSockets for a one-way feed: SSE is simpler to run, debug (\`curl -N\` shows it) and scale.`,
  },
  {
    id: 'rest-vs-graphql',
    ask: [
      'Compare REST vs GraphQL',
      'REST or GraphQL',
      'difference between REST and GraphQL',
      'should I use GraphQL or REST',
    ],
    keywords: 'rest graphql api compare',
    answer: `**REST** exposes resources at URLs and uses HTTP's methods and status codes; **GraphQL** exposes one endpoint where the client sends a query that names exactly the fields it wants.

| | REST | GraphQL |
| --- | --- | --- |
| Shape of a response | fixed by the endpoint | chosen by the query |
| Over- and under-fetching | common (extra fields, several round trips) | avoided: one query, just the fields asked for |
| Caching | HTTP caching works out of the box (\`GET\`, \`ETag\`, CDNs) | needs client-side or persisted-query caching |
| Errors | HTTP status codes | usually \`200\` with an \`errors\` array |
| Schema and types | optional (OpenAPI) | required, introspectable |
| Tooling to start | any HTTP client, \`curl\` | a GraphQL server and client library |

**Choose REST** for public APIs, simple CRUD, file transfer, and anything that benefits from HTTP caching or that many kinds of clients will call.

**Choose GraphQL** when several front ends need different slices of rich, connected data and round trips are costly (mobile), and the team is ready to guard against expensive queries (depth and cost limits).

Many systems use both: REST for public and simple endpoints, GraphQL as a backend-for-frontend.`,
  },
  {
    id: 'http-status',
    ask: [
      'What do HTTP status codes mean',
      'difference between 401 and 403',
      'which HTTP status code should I return',
      'http status codes explained',
    ],
    keywords: 'http status code codes 401 403 404 500 502 429',
    answer: `The first digit says who is responsible:

- **2xx, success**: \`200 OK\`, \`201 Created\` (with a \`Location\`), \`204 No Content\`.
- **3xx, go elsewhere**: \`301\`/\`308\` moved permanently, \`302\`/\`307\` temporarily (307 and 308 keep the method and body), \`304 Not Modified\` for a cached copy.
- **4xx, the client's request is wrong**: \`400 Bad Request\` (malformed or invalid), \`401 Unauthorized\` (not authenticated: no or bad credentials), \`403 Forbidden\` (authenticated, but not allowed), \`404 Not Found\`, \`409 Conflict\`, \`422 Unprocessable Content\` (well-formed but invalid), \`429 Too Many Requests\` (with \`Retry-After\`).
- **5xx, the server failed**: \`500 Internal Server Error\`, \`502 Bad Gateway\` (an upstream answered badly), \`503 Service Unavailable\` (overloaded or down, often with \`Retry-After\`), \`504 Gateway Timeout\`.

**401 vs 403**: 401 means "I don't know who you are", so sending credentials may help; 403 means "I know who you are, and the answer is no".

For clients, a useful rule: retry 408, 429 and 5xx with backoff; never retry other 4xx without changing the request.`,
  },
  {
    id: 'cors',
    ask: [
      'What is CORS',
      'how do I fix a CORS error',
      'explain CORS',
      'No Access-Control-Allow-Origin header',
    ],
    keywords: 'cors cross-origin access-control-allow-origin preflight',
    answer: `**CORS** (Cross-Origin Resource Sharing) is how a server tells a browser that a page from another origin (scheme, host and port) may read its responses. Browsers block such reads by default; servers opt in with headers.

- A simple request (\`GET\`, or a \`POST\` with a form content type) is sent, and the browser lets the page read the answer only if it carries \`Access-Control-Allow-Origin: https://app.example.com\` (or \`*\`).
- Anything else (\`PUT\`, \`DELETE\`, JSON bodies, custom headers such as \`Authorization\`) is first **preflighted**: the browser sends \`OPTIONS\` with \`Access-Control-Request-Method\` and \`-Headers\`, and the server must answer with \`Access-Control-Allow-Methods\` and \`Access-Control-Allow-Headers\`.
- With cookies or HTTP auth, the server must name the origin exactly (not \`*\`) and send \`Access-Control-Allow-Credentials: true\`.

In Express, for example:

\`\`\`js
import cors from 'cors';
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
\`\`\`

Two things to remember: CORS is enforced by browsers only (curl and servers ignore it), and it is not an auth mechanism. If you cannot change the API, call it from your own backend (a relay), which also keeps secret keys out of the page.`,
  },
  {
    id: 'https',
    ask: ['How does HTTPS work', 'what is TLS', 'explain the TLS handshake', 'how does SSL work'],
    keywords: 'https tls ssl handshake certificate encryption',
    answer: `HTTPS is HTTP sent inside a **TLS** connection, which gives three things: the server is who it claims to be, nobody can read the traffic, and nobody can change it unnoticed.

What happens when a connection opens (TLS 1.3):

1. **Client hello**: the client sends the TLS versions and ciphers it supports, a random value, a key share for an ephemeral Diffie-Hellman exchange, and the host name it wants (SNI).
2. **Server hello**: the server picks a cipher and sends its own key share. Both sides now compute the same secret without ever sending it; everything after this is encrypted.
3. **Certificate**: the server sends its certificate chain and signs the handshake with its private key. The client checks the chain up to a certificate authority it trusts, that the name matches, and that it has not expired.
4. **Finished**: both sides confirm the handshake was not tampered with, and HTTP requests flow.

That is one round trip (zero on resumption). Because the session keys are ephemeral, a key stolen later cannot decrypt past traffic (forward secrecy).

In a company network, a proxy may re-sign traffic with a private CA: clients then need that CA added (\`NODE_EXTRA_CA_CERTS\` for Node.js), never certificate checks turned off.`,
  },
  {
    id: 'dns',
    ask: ['How does DNS work', 'what happens when I type a URL', 'explain DNS resolution'],
    keywords: 'dns resolver domain lookup nameserver',
    answer: `DNS turns a name such as \`api.example.com\` into an address such as \`203.0.113.7\`.

1. Your program asks the operating system's resolver, which checks its cache and \`/etc/hosts\`.
2. If it does not know, it asks a **recursive resolver** (your ISP's, your company's, or one like 1.1.1.1).
3. That resolver, unless it has the answer cached, walks the tree: a **root server** points it to the \`.com\` servers, those point to \`example.com\`'s **authoritative name servers**, and those give the record.
4. The answer comes back with a **TTL**, and every cache on the way keeps it that long.

Common record types: \`A\` (IPv4), \`AAAA\` (IPv6), \`CNAME\` (an alias for another name), \`MX\` (mail), \`TXT\` (verification, SPF), \`NS\` (the domain's name servers).

To see it yourself: \`dig api.example.com\` (or \`dig +trace\` for the whole walk), \`nslookup\` on Windows. When a change "has not propagated", it is usually an old answer still cached until its TTL runs out.`,
  },
  {
    id: 'tcp-vs-udp',
    ask: ['TCP vs UDP', 'difference between TCP and UDP', 'when to use UDP'],
    keywords: 'tcp udp protocol transport',
    answer: `| | TCP | UDP |
| --- | --- | --- |
| Connection | set up with a handshake | none: each datagram stands alone |
| Delivery | reliable, in order, retransmitted | best effort: may be lost, duplicated or reordered |
| Flow and congestion control | yes | no (the application decides) |
| Overhead and latency | higher (handshake, head-of-line blocking) | lower |
| Used by | HTTP/1.1 and HTTP/2, SSH, databases, email | DNS, video calls, games, VPNs, QUIC (HTTP/3) |

Use **TCP** when every byte must arrive in order, which is most application traffic. Use **UDP** when late data is useless (a voice frame from a second ago) or when you build your own reliability on top, as QUIC does to avoid TCP's head-of-line blocking.`,
  },
  {
    id: 'http-caching',
    ask: ['How does HTTP caching work', 'Cache-Control explained', 'what is an ETag'],
    keywords: 'cache caching cache-control etag http max-age',
    answer: `HTTP caching is driven by response headers:

- \`Cache-Control: max-age=3600\`: the response may be reused for an hour without asking again. \`public\` lets shared caches (CDNs) keep it; \`private\` only the browser.
- \`Cache-Control: no-cache\`: keep it, but check with the server before each use. \`no-store\`: never keep it (for personal or secret data).
- \`ETag: "v42"\` (or \`Last-Modified\`): a version. When the copy is stale, the client asks with \`If-None-Match: "v42"\`, and the server answers \`304 Not Modified\` with no body if nothing changed.
- \`Vary: Accept-Encoding\`: the cached copy depends on that request header too.

A good default for a web app: file names with a content hash (\`app.3f9c2.js\`) served with \`Cache-Control: public, max-age=31536000, immutable\`, and the HTML that names them served with \`no-cache\`, so a deploy is picked up at once while the assets are cached for a year.`,
  },
  {
    id: 'jwt',
    ask: ['How do JWTs work', 'what is a JWT', 'JWT vs session cookies'],
    keywords: 'jwt jwts json web token tokens authentication session',
    answer: `A **JSON Web Token** is three base64url parts joined by dots: \`header.payload.signature\`.

- The **header** names the algorithm (\`HS256\`, \`RS256\`, \`EdDSA\`).
- The **payload** holds claims: who (\`sub\`), for whom (\`aud\`), by whom (\`iss\`), and until when (\`exp\`), plus your own fields.
- The **signature** proves the first two parts were issued by someone with the key. Anyone can *read* the payload: it is signed, not encrypted, so never put secrets in it.

A server checks a token by verifying the signature with the expected algorithm and key, then \`exp\`, \`iss\` and \`aud\`: with a library (\`jose\` in Node.js), never by hand.

**JWT or a session cookie?** A session id in an \`HttpOnly\` cookie, looked up on the server, is simpler and can be revoked at once: the better default for a web app. JWTs fit when many services must check identity without calling a central store; keep them short-lived (minutes) and refresh them, since a signed token stays valid until it expires.`,
  },
  {
    id: 'rate-limiting',
    ask: [
      'How does rate limiting work',
      'what is a token bucket',
      'how to implement rate limiting',
    ],
    keywords: 'rate limit limiting token bucket throttle 429',
    answer: `A rate limiter decides, per client (an API key, a user, an IP), whether a request may go through now.

- **Fixed window**: count requests per minute; simple, but allows a burst of twice the limit around a window's edge.
- **Sliding window**: weigh the previous window's count by how much of it overlaps; smoother.
- **Token bucket**: a bucket holds up to *N* tokens and refills at *r* per second; each request takes one. It allows short bursts up to *N* and an average of *r*.

A token bucket in TypeScript:

\`\`\`ts
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(private capacity: number, private perSecond: number) {
    this.tokens = capacity;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const bucket = new TokenBucket(5, 1); // bursts of 5, 1 per second on average
console.log(Array.from({ length: 7 }, () => bucket.take())); // five true, then false
\`\`\`

When the limit is hit, answer \`429 Too Many Requests\` with \`Retry-After\`. With several servers, keep the counters in a shared store (Redis) or limit at the gateway.`,
  },
  {
    id: 'idempotency',
    ask: ['What is idempotency', 'what is an idempotency key', 'is it safe to retry a POST'],
    keywords: 'idempotent idempotency key retry post',
    answer: `An operation is **idempotent** when doing it twice has the same effect as doing it once. In HTTP, \`GET\`, \`PUT\`, \`DELETE\` and \`HEAD\` are idempotent by definition; \`POST\` is not: retrying a "create payment" after a timeout might charge twice.

The fix is an **idempotency key**: the client generates a unique id per logical operation and sends it with every attempt:

\`\`\`http
POST /v1/payments
Idempotency-Key: 6f1c2b3e-8a4d-4c1e-9f0a-2b7d5e8c1a90
\`\`\`

The server stores the key with the result of the first attempt. A retry with the same key gets the stored result instead of running again; a key reused with a different body is an error.

This is what makes automatic retries safe: a client may retry on a timeout or a dropped connection, because it cannot know whether the server acted. Without such a key, only retry a non-idempotent request when you know it was never received (the connection failed before sending).`,
  },
];
