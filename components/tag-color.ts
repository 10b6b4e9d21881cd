/** A tag's chip style: its colour (Settings → Tags) as the border, the same on every view. */
export function chipStyle(
  colors: Record<string, string> | undefined,
  tag: string,
): { borderColor: string } | undefined {
  const c = colors?.[tag];
  return c && /^#[0-9a-f]{6}$/i.test(c) ? { borderColor: c } : undefined;
}
