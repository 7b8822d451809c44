//! A short two-note chime through Web Audio: no sound file to download, nothing to decode.
//! The widget plays it for replies while its panel is closed, the workbench for new
//! conversations.

/// Plays the chime (silently does nothing where audio is unavailable or not yet allowed).
pub fn chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (index, frequency) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        let at = start + index as f64 * 0.12;
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.0);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.15, at + 0.01);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.0, at + 0.25);
        let _ = oscillator.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = oscillator.start_with_when(at);
        let _ = oscillator.stop_with_when(at + 0.3);
    }
}
