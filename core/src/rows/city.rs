//! The target cities (`cities`).

table_row! {
    /// A US city, county or state with a Russian sister city.
    CityRow in "cities" {
        id: String,
        slug: String,
        name: String,
        state: String,
        kind: String,
        latitude: Option<f64>,
        longitude: Option<f64>,
        ocd_jurisdiction: Option<String>,
        origin: String,
        created_at: String,
    }
}
