/**
 * Chinese vehicle plates (机动车号牌): a province character, the issuing-office letter, then five
 * characters (ordinary plates) or six (new-energy plates). Letters I and O are never issued.
 * Gate cameras and people write them with spaces, dots or dashes ("浙B·12345"); those are dropped.
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳]|[A-HJ-NP-Z0-9]{6})$`);

/** The plate in its stored form, or null when it is not a plate. */
export function normalisePlate(raw: string): string | null {
  const plate = raw.replace(/[\s·.\-•]/g, '').toUpperCase();
  return PLATE.test(plate) ? plate : null;
}
