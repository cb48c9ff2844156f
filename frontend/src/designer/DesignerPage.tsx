import { ComingSoon } from "../shell/ComingSoon";

export function DesignerPage() {
  return <ComingSoon title="designer.title" points={["designer.p1", "designer.p2", "designer.p3"]} />;
}
