/** The part of autocannon 9's API the hub benchmark uses (it ships no types). */
declare module "autocannon" {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Client {
    setBody(body: string | Buffer): void;
    setHeaders(headers: Record<string, string>): void;
    on(
      event: "response",
      listener: (statusCode: number, bytes: number, time: number) => void,
    ): void;
  }
  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    setupClient?: (client: Client) => void;
    timeout?: number;
  }
  /** A run in progress, when a callback is given: `stop()` ends it early. */
  interface Instance {
    stop(): void;
  }
  function autocannon(options: Options): Promise<Result>;
  function autocannon(
    options: Options,
    done: (error: Error | null, result: Result) => void,
  ): Instance;

  export type { Result };
  export default autocannon;
}
