/** Text colour for a label on a person's colour: dark on light colours (amber), white on dark ones. */
export function textOn(background: string): string {
	const match = /^#([0-9a-f]{6})$/i.exec(background);
	if (!match) return '#ffffff';
	const value = parseInt(match[1], 16);
	const channel = (shift: number) => {
		const c = ((value >> shift) & 255) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
	// White wins above ~4.5:1 contrast only for luminance under ~0.18; past that dark text reads better.
	return luminance > 0.18 ? '#1b2430' : '#ffffff';
}
