import { Agent, DecoratorHandler, type Dispatcher } from 'undici';

/** One response as the simulator sent it. */
export interface CapturedResponse {
  method: string;
  /** The request path with its query. */
  path: string;
  status: number;
  contentType: string;
  body: string;
}

/** An undici dispatcher that keeps every response it carries, for a test to validate. */
export function capturingDispatcher(): {
  dispatcher: Dispatcher;
  captured: CapturedResponse[];
  close(): Promise<void>;
} {
  const agent = new Agent();
  const captured: CapturedResponse[] = [];
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let contentType = '';
    // DecoratorHandler adapts the caller's handler (old or new undici API) to the new one.
    const inner: Dispatcher.DispatchHandler = new DecoratorHandler(handler);
    const capture: Dispatcher.DispatchHandler = {
      onRequestStart: (controller, context) => {
        inner.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (controller, statusCode, headers, socket) => {
        inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
      },
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
        contentType = String(headers['content-type'] ?? '');
        inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        inner.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        captured.push({
          method: options.method,
          path: options.path,
          status,
          contentType,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        inner.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        inner.onResponseError?.(controller, error);
      },
    };
    return dispatch(options, capture);
  });
  return { dispatcher, captured, close: () => agent.close() };
}
