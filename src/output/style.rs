//! Colour for text output: whether to use it (decided once, from `--color`,
//! `NO_COLOR`, `CLICOLOR_FORCE`, `TERM` and whether stdout is a terminal) and the few styles
//! mlsal uses (`anstyle`). Machine formats never call these, so they are never coloured.

use std::io;

use anstyle::{AnsiColor, Color};

/// When to colour text output (`--color`, which `cli` reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    Always,
    Never,
}

/// What a piece of text means, and so how it is painted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Paint {
    #[default]
    Plain,
    /// Titles.
    Bold,
    /// Sources, notes and headers: there to be read second.
    Dim,
    /// The answer: an estimate's range, a raise.
    Good,
    /// Something to mind: a cap, a loss, an offer outside the range.
    Warn,
}

impl Paint {
    fn anstyle(self) -> anstyle::Style {
        let style = anstyle::Style::new();
        match self {
            Paint::Plain => style,
            Paint::Bold => style.bold(),
            Paint::Dim => style.dimmed(),
            Paint::Good => style.bold().fg_color(Some(Color::Ansi(AnsiColor::Green))),
            Paint::Warn => style.fg_color(Some(Color::Ansi(AnsiColor::Yellow))),
        }
    }
}

/// Text styling: ANSI colour or nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Decides once whether to colour stdout. `--color always` and `never` are obeyed as
    /// given; under `auto`, `NO_COLOR` set (non-empty) means none, `CLICOLOR_FORCE` set to
    /// anything but empty or `0` means colour even into a pipe, and otherwise `anstream` decides
    /// as it does without `CLICOLOR_FORCE`: no colour into a pipe or file or on a dumb
    /// terminal, none with `CLICOLOR=0`.
    pub(crate) fn detect(choice: ColorChoice) -> Style {
        let var = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => match (var("NO_COLOR"), var("CLICOLOR_FORCE")) {
                (Some(_), _) => false,
                (None, Some(force)) if force != "0" => true,
                (None, _) => {
                    use std::io::IsTerminal;
                    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                    let off = var("CLICOLOR").is_some_and(|c| c == "0");
                    io::stdout().is_terminal() && !dumb && !off
                }
            },
        };
        Style { color }
    }

    /// No colour, whatever the terminal.
    pub fn plain() -> Style {
        Style { color: false }
    }

    /// Colour, whatever the terminal.
    #[cfg(test)]
    pub(crate) fn colored() -> Style {
        Style { color: true }
    }

    /// `s` painted with `paint` (unchanged without colour).
    pub(crate) fn paint(&self, paint: Paint, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        self.push_painted(&mut out, paint, s);
        out
    }

    /// Appends `s` painted with `paint` to `out`: [`Style::paint`] without a string of its own,
    /// for a line built in one buffer.
    pub(crate) fn push_painted(&self, out: &mut String, paint: Paint, s: &str) {
        use std::fmt::Write as _;
        let style = paint.anstyle();
        if self.color && style != anstyle::Style::new() {
            let _ = write!(out, "{}{s}{}", style.render(), style.render_reset());
        } else {
            out.push_str(s);
        }
    }

    pub(crate) fn bold(&self, s: &str) -> String {
        self.paint(Paint::Bold, s)
    }

    pub(crate) fn dim(&self, s: &str) -> String {
        self.paint(Paint::Dim, s)
    }

    pub(crate) fn good(&self, s: &str) -> String {
        self.paint(Paint::Good, s)
    }

    pub(crate) fn warn(&self, s: &str) -> String {
        self.paint(Paint::Warn, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_style_adds_nothing() {
        for paint in [Paint::Plain, Paint::Bold, Paint::Dim, Paint::Good, Paint::Warn] {
            assert_eq!(Style::plain().paint(paint, "x"), "x");
        }
        assert_eq!(Style::colored().paint(Paint::Plain, "x"), "x");
    }

    #[test]
    fn colour_wraps_and_resets() {
        let good = Style::colored().good("$1");
        assert!(good.starts_with('\x1b') && good.contains("$1") && good.ends_with("\x1b[0m"), "{good:?}");
        assert_ne!(Style::colored().dim("a"), Style::colored().bold("a"));
    }

    #[test]
    fn never_and_always_ignore_the_terminal() {
        assert!(!Style::detect(ColorChoice::Never).color);
        assert!(Style::detect(ColorChoice::Always).color);
    }
}
