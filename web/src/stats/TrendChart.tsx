import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { Cell } from './data.ts';

/**
 * A line chart of Oslo and one district over the periods, drawn in the browser with Observable
 * Plot. Plot adds a <style> element to its SVG; the strict CSP (style-src 'self') would refuse it,
 * so it is removed before the chart enters the page and stats.css styles the chart instead.
 */
export function TrendChart({ cells, label, unit }: { cells: Cell[]; label: string; unit: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const data = cells
      .filter((c) => typeof c.value === 'number')
      .map((c) => ({ area: c.areaLabel, period: new Date(Date.UTC(Number(c.period), 0, 1)), value: c.value as number }));
    const chart = Plot.plot({
      className: 'vv-plot',
      width: Math.max(300, Math.min(720, node.clientWidth || 720)),
      height: 260,
      marginLeft: 48,
      x: { type: 'utc', label: null, tickFormat: '%Y', ticks: 'year' },
      y: { grid: true, label: unit, zero: true },
      color: { legend: true, range: ['#2a2859', '#d0021b'] },
      marks: [
        Plot.lineY(data, { x: 'period', y: 'value', stroke: 'area', strokeWidth: 2 }),
        Plot.dot(data, { x: 'period', y: 'value', fill: 'area', symbol: 'area' }),
      ],
      ariaLabel: label,
    });
    for (const style of chart.querySelectorAll('style')) style.remove();
    node.replaceChildren(chart);
    return () => node.replaceChildren();
  }, [cells, label, unit]);
  return <div className="vv-stat-chart" ref={ref} aria-hidden="true" />;
}
