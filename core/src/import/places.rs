//! The target cities a file's rows are matched to: by Open States jurisdiction id, or by
//! place name and state (names normalised the way Open States spells them).

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;

/// Target cities, looked up by OCD jurisdiction id or by (normalised name, state).
pub(crate) struct CityIndex {
    by_ocd: HashMap<String, (String, String)>,
    by_name: HashMap<(String, String), (String, String)>,
}

impl CityIndex {
    /// Every target city by OCD jurisdiction id and by name (Open States files).
    pub fn load(conn: &Connection) -> Result<CityIndex> {
        Self::load_with(conn, true)
    }

    /// Every target city by name only (CSV files, which name places, not jurisdictions).
    pub fn load_names(conn: &Connection) -> Result<CityIndex> {
        Self::load_with(conn, false)
    }

    fn load_with(conn: &Connection, ocd_ids: bool) -> Result<CityIndex> {
        let mut by_ocd = HashMap::new();
        let mut by_name = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT id, slug, name, state, kind, ocd_jurisdiction FROM cities")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let slug: String = r.get(1)?;
            let name: String = r.get(2)?;
            let state: String = r.get(3)?;
            let kind: String = r.get(4)?;
            let ocd: Option<String> = r.get(5)?;
            let norm = normalise_place(&name);
            let hit = (id, slug);
            if !ocd_ids {
                by_name.insert((norm, state.to_ascii_uppercase()), hit);
                continue;
            }
            let st = state.to_ascii_lowercase();
            if let Some(ocd) = ocd {
                by_ocd.insert(ocd.to_ascii_lowercase(), hit.clone());
            }
            let place = norm.replace(' ', "_");
            let ocd = match kind.as_str() {
                "county" => format!(
                    "ocd-jurisdiction/country:us/state:{st}/county:{}/government",
                    place.trim_end_matches("_county")
                ),
                "state" => format!("ocd-jurisdiction/country:us/state:{st}/government"),
                _ => format!("ocd-jurisdiction/country:us/state:{st}/place:{place}/government"),
            };
            by_ocd.entry(ocd).or_insert_with(|| hit.clone());
            by_name.insert((norm, state.to_ascii_uppercase()), hit);
        }
        Ok(CityIndex { by_ocd, by_name })
    }

    /// (city id, slug) of the target city with this name in this state (a two-letter code
    /// or the state's name).
    pub fn by_name(&self, city: &str, state: &str) -> Option<&(String, String)> {
        let key = (normalise_place(city), state_code(state)?.to_string());
        if let Some(hit) = self.by_name.get(&key) {
            return Some(hit);
        }
        let stripped = key.0.strip_prefix("city of ")?.to_string();
        self.by_name.get(&(stripped, key.1))
    }

    pub fn by_ocd(&self, ocd: &str) -> Option<&(String, String)> {
        self.by_ocd.get(&ocd.trim().to_ascii_lowercase())
    }
}

/// Lower case, `St.` → `saint`, `Ft.` → `fort`, punctuation to spaces, single spaces.
/// One pass, one string: every target city's name and every file row's place go through it.
pub(crate) fn normalise_place(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 4);
    let separator = |c: char| c.is_whitespace() || matches!(c, '–' | '—' | '-' | '_');
    for w in lower.split(separator) {
        let w = w.trim_matches(|c: char| c == '.' || c == ',' || c == '\'');
        let w = match w {
            "st" => "saint",
            "ft" => "fort",
            "mt" => "mount",
            other => other,
        };
        let mark = out.len();
        if mark > 0 {
            out.push(' ');
        }
        let start = out.len();
        out.extend(w.chars().filter(|c| c.is_alphanumeric()));
        if out.len() == start {
            out.truncate(mark); // nothing of the word is left
        }
    }
    out
}

const STATES: &[(&str, &str)] = &[
    ("AL", "alabama"),
    ("AK", "alaska"),
    ("AZ", "arizona"),
    ("AR", "arkansas"),
    ("CA", "california"),
    ("CO", "colorado"),
    ("CT", "connecticut"),
    ("DE", "delaware"),
    ("DC", "district of columbia"),
    ("FL", "florida"),
    ("GA", "georgia"),
    ("HI", "hawaii"),
    ("ID", "idaho"),
    ("IL", "illinois"),
    ("IN", "indiana"),
    ("IA", "iowa"),
    ("KS", "kansas"),
    ("KY", "kentucky"),
    ("LA", "louisiana"),
    ("ME", "maine"),
    ("MD", "maryland"),
    ("MA", "massachusetts"),
    ("MI", "michigan"),
    ("MN", "minnesota"),
    ("MS", "mississippi"),
    ("MO", "missouri"),
    ("MT", "montana"),
    ("NE", "nebraska"),
    ("NV", "nevada"),
    ("NH", "new hampshire"),
    ("NJ", "new jersey"),
    ("NM", "new mexico"),
    ("NY", "new york"),
    ("NC", "north carolina"),
    ("ND", "north dakota"),
    ("OH", "ohio"),
    ("OK", "oklahoma"),
    ("OR", "oregon"),
    ("PA", "pennsylvania"),
    ("PR", "puerto rico"),
    ("RI", "rhode island"),
    ("SC", "south carolina"),
    ("SD", "south dakota"),
    ("TN", "tennessee"),
    ("TX", "texas"),
    ("UT", "utah"),
    ("VT", "vermont"),
    ("VA", "virginia"),
    ("WA", "washington"),
    ("WV", "west virginia"),
    ("WI", "wisconsin"),
    ("WY", "wyoming"),
];

/// The two-letter code of a state given as a code or a name, or `None`.
pub(crate) fn state_code(state: &str) -> Option<&'static str> {
    let s = state.trim();
    if s.len() == 2 {
        let up = s.to_ascii_uppercase();
        return STATES.iter().find(|(c, _)| *c == up).map(|(c, _)| *c);
    }
    let low = s.to_lowercase();
    STATES.iter().find(|(_, n)| *n == low).map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn place_names_normalise_the_way_open_states_spells_them() {
        assert_eq!(normalise_place("St. Louis"), "saint louis");
        assert_eq!(normalise_place("St. Petersburg"), "saint petersburg");
        assert_eq!(normalise_place("Winston-Salem"), "winston salem");
        assert_eq!(normalise_place("  Salt  Lake City "), "salt lake city");
        assert_eq!(normalise_place("Coeur d'Alene"), "coeur dalene");
        assert_eq!(
            normalise_place("Ft. Lauderdale – Mt. Vernon ,"),
            "fort lauderdale mount vernon"
        );
        assert_eq!(normalise_place("Winston_Salem -- . x"), "winston salem x");
        assert_eq!(normalise_place(""), "");
    }

    #[test]
    fn states_are_known_by_code_or_name() {
        assert_eq!(state_code("or"), Some("OR"));
        assert_eq!(state_code("New Mexico"), Some("NM"));
        assert_eq!(state_code("XX"), None);
        assert_eq!(state_code("Oregonia"), None);
    }

    #[test]
    fn target_cities_are_found_by_ocd_id_and_by_name() {
        let store = Store::open_in_memory().unwrap();
        let idx = CityIndex::load(store.conn()).unwrap();
        let hit = |o: &str| idx.by_ocd(o).map(|h| h.1.clone());
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:or/place:portland/government").as_deref(),
            Some("portland-or")
        );
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:mo/place:saint_louis/government").as_deref(),
            Some("st-louis-mo")
        );
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:fl/place:saint_petersburg/government")
                .as_deref(),
            Some("st-petersburg-fl")
        );
        assert_eq!(
            idx.by_name("Portland", "Maine").map(|h| h.1.as_str()),
            Some("portland-me")
        );
        assert_eq!(idx.by_name("Springfield", "IL"), None);
    }
}
