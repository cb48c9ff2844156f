import { ComingSoon } from "../shell/ComingSoon";

export function SupervisorPage() {
  return <ComingSoon title="supervisor.title" points={["supervisor.p1", "supervisor.p2", "supervisor.p3"]} />;
}
