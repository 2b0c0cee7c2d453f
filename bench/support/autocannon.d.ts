/** The part of autocannon's programmatic API the load benchmarks use (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface RequestContext {
      [key: string]: unknown;
    }

    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      /** Called before each request is sent; `context` belongs to the connection, which has one request in flight without pipelining. */
      setupRequest?: (request: Request, context: RequestContext) => Request;
      onResponse?: (status: number, body: string, context: RequestContext) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      /** Seconds. */
      duration?: number;
      timeout?: number;
      headers?: Record<string, string>;
      requests?: Request[];
    }

    interface Histogram {
      average: number;
      mean: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      total: number;
    }

    interface Result {
      requests: Histogram;
      latency: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
