import { Agent, type Dispatcher } from 'undici';

export interface RecordingDispatcher {
  /** Pass this to the provider under test. */
  dispatcher: Dispatcher;
  /** The origin of every request dispatched through it, in order. */
  readonly origins: readonly string[];
  close(): Promise<void>;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]']);

export function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * An undici dispatcher that records every request's origin and refuses any that is not loopback
 * before a socket is opened. The contract suite hands it to the provider; a provider that ignored
 * it would leave requests in the simulator's log that this never saw, and the suite checks that.
 */
export function createRecordingDispatcher(): RecordingDispatcher {
  const agent = new Agent();
  const origins: string[] = [];
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const origin = String(options.origin ?? '');
    origins.push(origin === '' ? origin : new URL(origin).origin);
    if (!isLoopbackOrigin(origin)) {
      throw new Error(
        `Blocked a request to ${origin || '(no origin)'}: the contract suite talks only to 127.0.0.1`,
      );
    }
    return dispatch(options, handler);
  });
  return { dispatcher, origins, close: () => agent.close() };
}
