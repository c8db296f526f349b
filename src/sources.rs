//! Where data comes from: the built-in tables, then at most one user directory that overlays
//! them file by file and entry by entry.
//!
//! The directory is `--data DIR`, else `MLSAL_DATA`, else `$XDG_CONFIG_HOME/mlsal` (or
//! `$HOME/.config/mlsal`) if it exists. A directory named explicitly must exist: a typo in a
//! path must not silently fall back to the built-in numbers.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::data::{self, DataFile};
use crate::error::Error;
use crate::tables::Tables;

/// How the user directory was chosen, for messages and `mlsal data path`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    Flag,
    Env,
    Xdg,
    Home,
    /// Named on the command line of `mlsal data check DIR`.
    Argument,
}

impl How {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            How::Flag => "--data",
            How::Env => "MLSAL_DATA",
            How::Xdg => "$XDG_CONFIG_HOME/mlsal",
            How::Home => "$HOME/.config/mlsal",
            How::Argument => "the command line",
        }
    }
}

/// A user data directory and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UserDir {
    pub path: PathBuf,
    pub how: How,
}

impl UserDir {
    /// A directory named explicitly: it must exist and be a directory.
    pub(crate) fn named(path: &Path, how: How) -> Result<UserDir, Error> {
        let reason = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Ok(UserDir { path: path.to_path_buf(), how }),
            Ok(_) => "is not a directory",
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist",
            // ELOOP: `a -> b -> a`; saying "does not exist" would send the user looking for
            // a directory that is there.
            Err(e) if e.raw_os_error() == Some(40) => "is a loop of symbolic links",
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied",
            Err(_) => "cannot be read",
        };
        Err(Error::DataDir { path: path.display().to_string(), from: how.describe(), reason })
    }
}

/// The per-user configuration directory mlsal would read, whether or not it exists:
/// `$XDG_CONFIG_HOME/mlsal`, or `$HOME/.config/mlsal` when `XDG_CONFIG_HOME` is unset, empty
/// or relative (as the XDG base directory specification says).
pub(crate) fn config_dir(env: &dyn Fn(&str) -> Option<OsString>) -> Option<(PathBuf, How)> {
    let set = |key: &str| env(key).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(xdg) = set("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Some((xdg.join("mlsal"), How::Xdg));
    }
    set("HOME").map(|home| (home.join(".config").join("mlsal"), How::Home))
}

/// What `--data` and `MLSAL_DATA` say for the built-in tables alone.
pub(crate) const BUILTIN: &str = "builtin";

/// Chooses the user directory: `--data`, else `MLSAL_DATA`, else the configuration directory
/// if it exists, else none (the built-in tables only); `builtin` for none.
pub(crate) fn user_dir(
    flag: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Option<UserDir>, Error> {
    // `builtin` forces the built-in tables, whatever the environment and configuration
    // directory hold (a directory of that name is `./builtin`).
    if let Some(path) = flag {
        if path.as_os_str() == BUILTIN {
            return Ok(None);
        }
        return UserDir::named(path, How::Flag).map(Some);
    }
    if let Some(path) = env("MLSAL_DATA").filter(|v| !v.is_empty()) {
        if path == BUILTIN {
            return Ok(None);
        }
        return UserDir::named(Path::new(&path), How::Env).map(Some);
    }
    Ok(config_dir(env).filter(|(p, _)| p.is_dir()).map(|(path, how)| UserDir { path, how }))
}

/// The process environment, for [`user_dir`] and [`config_dir`].
pub(crate) fn process_env(key: &str) -> Option<OsString> {
    std::env::var_os(key)
}

/// The `*.toml` files of a user directory, sorted by name. Other files are left alone (a
/// README or a backup may sit beside the tables); an unknown `.toml` name is reported when
/// the files are loaded.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<DataFile>, Error> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = item.map_err(io(dir))?.path();
        // `Location.TOML` is a TOML file too: take it, and let the name check report it.
        let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        // A directory named `x.toml` is not data; a dangling link is, and reading it fails
        // below with its path rather than being skipped in silence.
        if !is_toml || path.is_dir() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let mut text = std::fs::read_to_string(&path).map_err(io(&path))?;
        // A UTF-8 BOM (an editor's on Windows) is no part of the text: kept, every column of
        // line 1 was reported one too far right.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        files.push(DataFile { name: name.to_string(), origin: path.display().to_string(), text });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// The files to load, in order: the built-in tables, then the user directory's.
pub(crate) fn files(dir: Option<&UserDir>) -> Result<Vec<DataFile>, Error> {
    let mut files = DataFile::embedded();
    if let Some(dir) = dir {
        files.extend(read_dir(&dir.path)?);
    }
    Ok(files)
}

/// Loads and validates the built-in tables overlaid with `dir`.
pub(crate) fn load(dir: Option<&UserDir>) -> Result<Tables, Error> {
    data::load(&files(dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory under the system temp dir, removed on drop.
    struct Temp(PathBuf);

    impl Temp {
        fn new(tag: &str) -> Temp {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let p = std::env::temp_dir().join(format!("mlsal-sources-{tag}-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Temp(p)
        }
    }

    impl Drop for Temp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn env<'a>(vars: &'a [(&'a str, &'a Path)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| v.as_os_str().to_owned())
    }

    #[test]
    fn flag_beats_env_beats_xdg_and_xdg_only_when_it_exists() {
        let t = Temp::new("order");
        let (a, b, xdg) = (t.0.join("a"), t.0.join("b"), t.0.join("xdg"));
        for d in [&a, &b] {
            std::fs::create_dir(d).unwrap();
        }
        let vars = [("MLSAL_DATA", b.as_path()), ("XDG_CONFIG_HOME", xdg.as_path())];
        let e = env(&vars);
        assert_eq!(user_dir(Some(&a), &e).unwrap().unwrap(), UserDir { path: a.clone(), how: How::Flag });
        assert_eq!(user_dir(None, &e).unwrap().unwrap(), UserDir { path: b.clone(), how: How::Env });
        let vars = [("XDG_CONFIG_HOME", xdg.as_path())];
        assert_eq!(user_dir(None, &env(&vars)).unwrap(), None, "no mlsal dir under XDG yet");
        std::fs::create_dir_all(xdg.join("mlsal")).unwrap();
        let found = user_dir(None, &env(&vars)).unwrap().unwrap();
        assert_eq!(found, UserDir { path: xdg.join("mlsal"), how: How::Xdg });
    }

    #[test]
    fn home_config_is_the_fallback_and_relative_xdg_is_ignored() {
        let t = Temp::new("home");
        std::fs::create_dir_all(t.0.join(".config/mlsal")).unwrap();
        let vars = [("HOME", t.0.as_path()), ("XDG_CONFIG_HOME", Path::new("relative/dir"))];
        let found = user_dir(None, &env(&vars)).unwrap().unwrap();
        assert_eq!(found, UserDir { path: t.0.join(".config/mlsal"), how: How::Home });
        assert_eq!(user_dir(None, &env(&[])).unwrap(), None);
    }

    #[test]
    fn a_named_directory_that_is_missing_is_an_error_naming_it() {
        let t = Temp::new("missing");
        let gone = t.0.join("nope");
        let err = user_dir(Some(&gone), &env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("data directory `{}` (from --data) does not exist", gone.display())
        );
        assert_eq!(err.exit_code(), crate::error::EXIT_FAILED);
        let vars = [("MLSAL_DATA", gone.as_path())];
        assert!(user_dir(None, &env(&vars)).unwrap_err().to_string().contains("(from MLSAL_DATA)"));
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_of_links_is_called_a_loop() {
        let t = Temp::new("loop");
        let (a, b) = (t.0.join("a"), t.0.join("b"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let err = user_dir(Some(&a), &env(&[])).unwrap_err().to_string();
        assert!(err.ends_with("is a loop of symbolic links"), "{err}");
    }

    #[test]
    fn read_dir_takes_only_toml_files_sorted() {
        let t = Temp::new("read");
        for name in ["location.toml", "README.md", "bands.toml", "notes.toml.bak"] {
            std::fs::write(t.0.join(name), "# x\n").unwrap();
        }
        std::fs::create_dir(t.0.join("old.toml")).unwrap();
        let names: Vec<String> = read_dir(&t.0).unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["bands.toml", "location.toml"]);
    }
}
