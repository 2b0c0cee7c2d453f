import { DEFAULT_APPROVAL_THRESHOLDS, requiredApprovalLevels } from './approval-routing';

const yuan = (amount: number) => amount * 100;

describe(requiredApprovalLevels.name, () => {
  it('lets a city reviewer approve a city campaign up to the city limit', () => {
    expect(requiredApprovalLevels(yuan(50_000), 3, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([3]);
  });

  it('goes up one level at a time as the amount passes each limit', () => {
    expect(requiredApprovalLevels(yuan(50_000) + 1, 3, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([3, 2]);
    expect(requiredApprovalLevels(yuan(500_001), 4, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([3, 2, 1]);
  });

  it('starts at the owning unit: a province campaign never goes to a city reviewer', () => {
    expect(requiredApprovalLevels(yuan(10_000), 2, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([2]);
    expect(requiredApprovalLevels(yuan(600_000), 2, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([2, 1]);
    expect(requiredApprovalLevels(yuan(9_000_000), 1, DEFAULT_APPROVAL_THRESHOLDS)).toEqual([1]);
  });

  it('follows the thresholds the province sets', () => {
    const strict = { cityMaxFen: yuan(10_000), provinceMaxFen: yuan(20_000) };
    expect(requiredApprovalLevels(yuan(30_000), 3, strict)).toEqual([3, 2, 1]);
  });
});
