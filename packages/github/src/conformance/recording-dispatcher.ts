import { Agent, type Dispatcher } from 'undici';

/** One exchange as the adapter sent and received it. */
export interface RecordedExchange {
  method: string;
  /** The path without the query. */
  path: string;
  query: string;
  status: number;
  contentType: string;
  /** The response body as text. */
  body: string;
}

type Handler = Dispatcher.DispatchHandler;

/**
 * An undici dispatcher that records every response it delivers, for tests that check what a
 * server emitted to the adapter. It forwards every callback unchanged.
 */
export function createRecordingDispatcher(): {
  dispatcher: Dispatcher;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
} {
  const agent = new Agent();
  const exchanges: RecordedExchange[] = [];
  const record =
    (dispatch: Dispatcher['dispatch']): Dispatcher['dispatch'] =>
    (options, handler: Handler) => {
      const [path = '', query = ''] = options.path.split('?', 2);
      let status = 0;
      let contentType = '';
      const chunks: Buffer[] = [];
      const recording: Handler = {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, statusCode, headers, socket) =>
          handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
        onResponseStart: (controller, statusCode, headers, statusMessage) => {
          status = statusCode;
          const type = headers['content-type'];
          contentType = Array.isArray(type) ? type.join(', ') : (type ?? '');
          handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
        },
        onResponseData: (controller, chunk) => {
          chunks.push(chunk);
          handler.onResponseData?.(controller, chunk);
        },
        onResponseEnd: (controller, trailers) => {
          exchanges.push({
            method: options.method,
            path,
            query,
            status,
            contentType,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          handler.onResponseEnd?.(controller, trailers);
        },
        onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
      };
      return dispatch(options, recording);
    };
  return { dispatcher: agent.compose(record), exchanges, close: () => agent.close() };
}
