/** A redis-server a test started: its URL, and how to stop it. */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}
export function startRedis(): Promise<RedisServer>;
