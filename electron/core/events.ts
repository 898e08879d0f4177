// Events from the core to callers (progress of long tasks, notices). Transports subscribe and forward
// events addressed to their own channels (IPC → webContents.send; HTTP → server-sent events).
import type { EventMap, EventName } from '../../shared/contract/define';

export interface CoreEvent<E extends EventName = EventName> {
  /** Channel the event is meant for; `null` broadcasts to every caller. */
  channel: string | null;
  event: E;
  payload: EventMap[E];
}

export type EventListener = (e: CoreEvent) => void;

export class EventBus {
  #listeners = new Set<EventListener>();

  emit<E extends EventName>(channel: string | null, event: E, payload: EventMap[E]): void {
    for (const l of this.#listeners) {
      try {
        l({ channel, event, payload } as CoreEvent);
      } catch {
        // A broken listener (closed window, dropped connection) must not break the task reporting.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
