/** The customer and the level I request both intake-driven benchmarks open, one per index. */
export const BENCH_CUSTOMER = { sub: 'bench', role: 'customer' as const, name: 'Bench', institution: 'uni-a' };

export function levelOneRequest(i: number) {
  return {
    title: `bench case ${i}`,
    description: '',
    requestType: 'defect' as const,
    environment: 'production' as const,
    impact: 'service-down' as const,
    productArea: 'bench',
    contact: { name: 'Bench', email: 'bench@uni-a.example' },
  };
}
