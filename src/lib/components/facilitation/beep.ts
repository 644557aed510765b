/**
 * The timer's audible signal: two short tones made with WebAudio (no sound file to load). Browsers
 * only allow sound after the person has interacted with the page, so the audio context is made (or
 * resumed) on the first press or key and reused.
 */
let context: AudioContext | null = null;

function unlock(): void {
	if (typeof AudioContext === 'undefined') return;
	context ??= new AudioContext();
	if (context.state === 'suspended') void context.resume().catch(() => undefined);
}

if (typeof window !== 'undefined') {
	for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, unlock, { capture: true, passive: true });
}

export function beep(): void {
	if (!context || context.state !== 'running') return;
	const start = context.currentTime + 0.02;
	for (const [offset, frequency] of [
		[0, 880],
		[0.22, 1175]
	] as const) {
		const oscillator = context.createOscillator();
		const gain = context.createGain();
		oscillator.type = 'sine';
		oscillator.frequency.value = frequency;
		// A quick fade in and out: no click at either end.
		gain.gain.setValueAtTime(0.0001, start + offset);
		gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
		oscillator.connect(gain).connect(context.destination);
		oscillator.start(start + offset);
		oscillator.stop(start + offset + 0.2);
	}
}
