import { cva } from 'class-variance-authority';
import { type KeyboardEvent, useId, useState } from 'react';
import { cn } from '@/lib/utils';

/** One bar: its value, and how people read it. */
export interface BarDatum {
  key: string;
  /** The bar's name in full, e.g. "05/03/2025". */
  label: string;
  /** The name under the axis, e.g. "05/03". */
  shortLabel: string;
  value: number;
  /** The value in words, e.g. "R$ 0,0123". */
  valueLabel: string;
  /** A second line for the tooltip, e.g. "12 chamadas". */
  detail?: string;
}

export interface BarChartProps {
  /** The chart's name, e.g. "Custo por dia". */
  label: string;
  /** What it shows in a sentence, for screen readers (e.g. the total and the highest bar). */
  description?: string;
  /** How to use it from the keyboard, e.g. "Use as setas para percorrer os dias". */
  keyboardHint?: string;
  data: readonly BarDatum[];
  /** The axis' values in words, e.g. money. */
  formatTick: (value: number) => string;
  className?: string;
}

const barVariants = cva('transition-colors', {
  variants: {
    state: {
      idle: 'fill-primary/70',
      active: 'fill-primary',
    },
  },
  defaultVariants: { state: 'idle' },
});

/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above value. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/**
 * A small bar chart drawn in SVG: one bar per datum, oldest first, over an
 * axis from 0 to a round maximum. Hovering a bar, or moving through the bars
 * with the arrow keys once the chart has focus, shows its tooltip (and says
 * it to screen readers); every bar also carries a native <title>.
 */
export function BarChart({ label, description, keyboardHint, data, formatTick, className }: BarChartProps) {
  const [active, setActive] = useState<number | null>(null);
  const hintId = useId();
  const count = data.length;
  const top = niceCeiling(Math.max(0, ...data.map((d) => d.value)));
  const ticks = top > 0 ? [top, top / 2, 0] : [0];
  const current = active !== null ? data[active] : undefined;
  const gap = count > 60 ? 0.15 : 0.25;

  function onKeyDown(event: KeyboardEvent<SVGSVGElement>) {
    if (count === 0) return;
    const at = active ?? -1;
    let next: number | null;
    if (event.key === 'ArrowRight') next = Math.min(count - 1, at + 1);
    else if (event.key === 'ArrowLeft') next = at < 0 ? count - 1 : Math.max(0, at - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = count - 1;
    else if (event.key === 'Escape') next = null;
    else return;
    event.preventDefault();
    setActive(next);
  }

  // Labels under the axis: the first, the middle and the last day.
  const axisLabels = count > 0 ? [...new Set([0, Math.floor((count - 1) / 2), count - 1])] : [];
  const position = active !== null && count > 0 ? (active + 0.5) / count : 0;

  return (
    <figure className={cn('grid gap-2', className)}>
      <div className="flex items-start gap-2">
        <div aria-hidden="true" className="flex h-48 shrink-0 flex-col justify-between text-right text-xs text-muted-foreground tabular-nums">
          {ticks.map((tick) => (
            <span key={tick} className="-my-1.5 leading-3">
              {formatTick(tick)}
            </span>
          ))}
        </div>
        <div className="relative min-w-0 flex-1">
          <svg
            role="img"
            aria-label={description ? `${label}. ${description}` : label}
            aria-describedby={keyboardHint ? hintId : undefined}
            tabIndex={0}
            viewBox={`0 0 ${Math.max(count, 1)} 100`}
            preserveAspectRatio="none"
            className="block h-48 w-full overflow-visible rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
            onKeyDown={onKeyDown}
            onBlur={() => setActive(null)}
            onMouseLeave={() => setActive(null)}
          >
            {[0, 50, 100].map((y) => (
              <line
                key={y}
                x1={0}
                x2={Math.max(count, 1)}
                y1={y}
                y2={y}
                className="stroke-border"
                strokeWidth={1}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {data.map((datum, i) => {
              const height = top > 0 ? (datum.value / top) * 100 : 0;
              return (
                <g key={datum.key} onMouseEnter={() => setActive(i)}>
                  <title>{`${datum.label}: ${datum.valueLabel}${datum.detail ? ` · ${datum.detail}` : ''}`}</title>
                  {/* The whole column answers the pointer, so a day without cost has a tooltip too. */}
                  <rect x={i} y={0} width={1} height={100} className="fill-transparent" />
                  <rect
                    x={i + gap / 2}
                    y={100 - height}
                    width={1 - gap}
                    height={height}
                    className={barVariants({ state: active === i ? 'active' : 'idle' })}
                  />
                </g>
              );
            })}
            {active !== null && (
              <rect x={active} y={0} width={1} height={100} className="pointer-events-none fill-primary/10" />
            )}
          </svg>
          {current && (
            <div
              aria-hidden="true"
              style={{ left: `${position * 100}%` }}
              className={cn(
                'pointer-events-none absolute -top-2 z-10 grid -translate-y-full gap-0.5 rounded-md border bg-popover px-2.5 py-1.5 text-xs whitespace-nowrap text-popover-foreground shadow-md',
                position < 0.2 ? '-translate-x-2' : position > 0.8 ? '-translate-x-[calc(100%-0.5rem)]' : '-translate-x-1/2',
              )}
            >
              <span className="font-medium">{current.label}</span>
              <span className="tabular-nums">{current.valueLabel}</span>
              {current.detail && <span className="text-muted-foreground">{current.detail}</span>}
            </div>
          )}
          <div aria-hidden="true" className="relative mt-2 h-4 text-xs text-muted-foreground">
            {axisLabels.map((i) => (
              <span
                key={i}
                className={cn('absolute top-0 whitespace-nowrap', i === 0 ? 'left-0' : i === count - 1 ? 'right-0' : '-translate-x-1/2')}
                style={i !== 0 && i !== count - 1 ? { left: `${((i + 0.5) / count) * 100}%` } : undefined}
              >
                {data[i]?.shortLabel}
              </span>
            ))}
          </div>
        </div>
      </div>
      {keyboardHint && (
        <p id={hintId} className="sr-only">
          {keyboardHint}
        </p>
      )}
      <p aria-live="polite" className="sr-only">
        {current ? `${current.label}: ${current.valueLabel}${current.detail ? `, ${current.detail}` : ''}` : ''}
      </p>
    </figure>
  );
}
