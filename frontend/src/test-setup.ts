import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy… waits up to 5 s (Testing Library's default is 1 s): on a loaded 2-core CI machine a page that
// renders after a few mocked requests took longer than 1 s, and the test failed on time, not on behaviour.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
