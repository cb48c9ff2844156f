import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ACCOUNT_DISABLED, SIGN_IN_ENDED, openEventStream, type LinkStatus } from "./eventStream";

// A stand-in for the browser's WebSocket: records each socket opened so the test can close it as the server would.
class FakeSocket {
  static readonly OPEN = 1;
  static opened: FakeSocket[] = [];
  readyState = FakeSocket.OPEN;
  onopen: (() => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }

  send(): void {}

  close(): void {}

  serverCloses(code: number): void {
    this.onclose?.({ code } as CloseEvent);
  }
}

describe("the live link when the server ends it", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.opened = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  function open() {
    const statuses: LinkStatus[] = [];
    const onSignInEnded = vi.fn();
    const stop = openEventStream({
      onOpen: () => undefined,
      onMessage: () => undefined,
      onStatus: (status) => statuses.push(status),
      onSignInEnded,
    });
    return { statuses, onSignInEnded, stop };
  }

  it.each([SIGN_IN_ENDED, ACCOUNT_DISABLED])("goes to sign-in, without reconnecting, after close code %i", (code) => {
    const { statuses, onSignInEnded, stop } = open();
    FakeSocket.opened[0].serverCloses(code);
    vi.advanceTimersByTime(120_000);
    expect(onSignInEnded).toHaveBeenCalledTimes(1);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(statuses).not.toContain("reconnecting");
    stop();
  });

  it("reconnects after any other close (a dropped link, a new role, too slow)", () => {
    const { statuses, onSignInEnded, stop } = open();
    FakeSocket.opened[0].serverCloses(4409);
    vi.advanceTimersByTime(2_000);
    expect(onSignInEnded).not.toHaveBeenCalled();
    expect(statuses).toEqual(["reconnecting"]);
    expect(FakeSocket.opened).toHaveLength(2);
    stop();
  });
});
