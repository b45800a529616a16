//! Finding the count in a 2 MB petition page (budget: 20 ms or less), with the count at
//! the very end so the whole page is scanned: once as the embedded `signatureCount`, once
//! as visible text only (the slower path: tags stripped, then the text searched).

use criterion::{criterion_group, criterion_main, Criterion};
use outreach_core::signatures::changeorg::extract;
use std::hint::black_box;

/// About 2 MB of petition-page markup: comments, scripts, styles, nested divs, entities.
fn filler() -> String {
    let block = r#"<div class="comment"><div class="author"><a href="/u/12345">Jane D.</a> &middot; 3 days ago</div>
<p>I signed because my city&#39;s tie with a Russian city should end until the war does. Stand with Ukraine!</p>
<ul class="reactions"><li>Like 12</li><li>Reply</li></ul></div>
<script type="application/ld+json">{"@type":"Comment","text":"Slava Ukraini","upvoteCount":12}</script>
<style>.comment .author a { color: #333; }</style>
"#;
    let mut page =
        String::from("<!DOCTYPE html><html><head><title>Petition</title></head><body><main>");
    while page.len() < 2 * 1024 * 1024 {
        page.push_str(block);
    }
    page
}

fn bench(c: &mut Criterion) {
    let base = filler();
    let embedded = format!(
        "{base}<script id=\"__NEXT_DATA__\" type=\"application/json\">{{\"petition\":{{\"signatureCount\":{{\"total\":18943,\"goal\":25000}}}}}}</script></main></body></html>"
    );
    let visible = format!("{base}<div class=\"count\"><strong>18,900</strong> have signed. Let's get to 25,000!</div></main></body></html>");
    assert!(embedded.len() >= 2 * 1024 * 1024);
    assert_eq!(extract(&embedded).unwrap().total, 18_943);
    assert_eq!(extract(&visible).unwrap().total, 18_900);

    let mut g = c.benchmark_group("extract_2mb_page");
    g.sample_size(30);
    g.bench_function("embedded_signatureCount", |b| {
        b.iter(|| extract(black_box(&embedded)).unwrap())
    });
    g.bench_function("visible_text_only", |b| {
        b.iter(|| extract(black_box(&visible)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
