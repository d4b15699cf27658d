/** Brazil's time zones, the most common first; the organization's select offers them before "Outro". */
export const brazilianTimeZones = [
  'America/Sao_Paulo',
  'America/Manaus',
  'America/Cuiaba',
  'America/Belem',
  'America/Fortaleza',
  'America/Recife',
  'America/Noronha',
  'America/Rio_Branco',
  'America/Porto_Velho',
  'America/Boa_Vista',
] as const;

export type BrazilianTimeZone = (typeof brazilianTimeZones)[number];

export function isBrazilianTimeZone(zone: string): zone is BrazilianTimeZone {
  return (brazilianTimeZones as readonly string[]).includes(zone);
}
