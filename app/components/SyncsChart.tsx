// Syncs per minute over the last 24 h (polaris-viz). Rendered on the client only: polaris-viz measures the
// DOM (ResizeObserver) and animates with react-spring, neither of which exists during server rendering.
import { useEffect, useState } from "react";
import { SkeletonBodyText, Text } from "@shopify/polaris";
import type { ComponentType } from "react";

export interface MinutePoint {
  minute: string;
  count: number;
}

type VizModule = typeof import("@shopify/polaris-viz");

export function SyncsChart({ points }: { points: MinutePoint[] }) {
  const [viz, setViz] = useState<VizModule | null>(null);
  useEffect(() => {
    let live = true;
    void import("@shopify/polaris-viz").then((m) => {
      if (live) setViz(m);
    });
    return () => {
      live = false;
    };
  }, []);
  const total = points.reduce((n, p) => n + p.count, 0);
  const summary = `${total.toLocaleString("en-US")} syncs in the last 24 hours`;
  if (!viz) {
    return (
      <div aria-busy="true" aria-label="Loading chart">
        <SkeletonBodyText lines={6} />
      </div>
    );
  }
  const { PolarisVizProvider, LineChart } = viz;
  const Provider = PolarisVizProvider as ComponentType<{ children: React.ReactNode }>;
  const data = [
    {
      name: "Syncs per minute",
      data: points.map((p) => ({ key: p.minute.slice(11, 16), value: p.count })),
    },
  ];
  return (
    <figure style={{ margin: 0 }} aria-label={summary} id="syncs-chart">
      <div style={{ height: 240 }}>
        <Provider>
          <LineChart data={data} theme="Light" isAnimated={false} xAxisOptions={{ hide: false }} showLegend={false} />
        </Provider>
      </div>
      <figcaption>
        <Text as="span" tone="subdued" variant="bodySm">
          {summary}
        </Text>
      </figcaption>
    </figure>
  );
}
