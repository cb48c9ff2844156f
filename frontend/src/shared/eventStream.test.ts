import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeSocket } from "../test/helpers";
import { ACCOUNT_DISABLED, SIGN_IN_ENDED, openEventStream, type LinkStatus } from "./eventStream";

describe("the live link when the server ends it", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.install();
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
    FakeSocket.all[0].serverCloses(code);
    vi.advanceTimersByTime(120_000);
    expect(onSignInEnded).toHaveBeenCalledTimes(1);
    expect(FakeSocket.all).toHaveLength(1);
    expect(statuses).not.toContain("reconnecting");
    stop();
  });

  it("reconnects after any other close (a dropped link, a new role, too slow)", () => {
    const { statuses, onSignInEnded, stop } = open();
    FakeSocket.all[0].serverCloses(4409);
    vi.advanceTimersByTime(2_000);
    expect(onSignInEnded).not.toHaveBeenCalled();
    expect(statuses).toEqual(["reconnecting"]);
    expect(FakeSocket.all).toHaveLength(2);
    stop();
  });
});
