import { ComingSoon } from "../shell/ComingSoon";

export function DeskPage() {
  return <ComingSoon title="desk.title" points={["desk.p1", "desk.p2", "desk.p3"]} />;
}
