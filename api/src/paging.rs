//! Offset/limit paging as the SWR EE list APIs demand: `limit` is 1–100 and
//! `offset` is 0 or a multiple of `limit` (api-reference §2). The viewer
//! offers the page sizes below and never builds an offset the API refuses.

pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const DEFAULT_LIMIT: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u32,
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page { offset: 0, limit: DEFAULT_LIMIT }
    }
}

impl Page {
    /// Reads `limit` and `offset` from a link. Anything invalid lands on the
    /// nearest valid view, with a notice saying what changed.
    pub fn from_link(limit: Option<&str>, offset: Option<&str>) -> (Page, Option<String>) {
        let mut notices = Vec::new();
        let limit = match limit.map(str::trim) {
            None | Some("") => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if PAGE_SIZES.contains(&n) => n,
                Ok(n) => {
                    let nearest = nearest_size(n);
                    notices.push(format!("page size {n} is not offered, showing {nearest} per page"));
                    nearest
                }
                Err(_) => {
                    notices.push(format!(
                        "page size \"{raw}\" is not a number, showing {DEFAULT_LIMIT} per page"
                    ));
                    DEFAULT_LIMIT
                }
            },
        };
        let offset = match offset.map(str::trim) {
            None | Some("") => 0,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if n % limit == 0 => n,
                Ok(n) => {
                    let fixed = n / limit * limit;
                    notices.push(format!(
                        "offset {n} is not a multiple of {limit}, showing from task {}",
                        fixed + 1
                    ));
                    fixed
                }
                Err(_) => {
                    notices.push(format!("offset \"{raw}\" is not a number, showing the first page"));
                    0
                }
            },
        };
        let notice = (!notices.is_empty()).then(|| {
            let mut text = notices.join("; ");
            text[..1].make_ascii_uppercase();
            format!("{text}.")
        });
        (Page { offset, limit }, notice)
    }

    /// A new page size that keeps the first task on screen.
    pub fn resize(self, limit: u32) -> Page {
        let limit = nearest_size(limit);
        Page { offset: self.offset / limit * limit, limit }
    }

    /// Stays within `total`: past the end goes to the last page.
    pub fn clamp(self, total: u32) -> Page {
        let last = last_offset(total, self.limit);
        Page { offset: self.offset.min(last), limit: self.limit }
    }

    pub fn first(self) -> Page {
        Page { offset: 0, ..self }
    }

    pub fn previous(self) -> Page {
        Page { offset: self.offset.saturating_sub(self.limit), ..self }
    }

    pub fn next(self, total: u32) -> Page {
        Page { offset: self.offset + self.limit, ..self }.clamp(total)
    }

    pub fn last(self, total: u32) -> Page {
        Page { offset: last_offset(total, self.limit), ..self }
    }

    /// 1-based page number.
    pub fn number(self) -> u32 {
        self.offset / self.limit + 1
    }

    /// Page `n` (1-based), kept within `total`.
    pub fn go_to(self, n: u32, total: u32) -> Page {
        Page { offset: n.saturating_sub(1) * self.limit, ..self }.clamp(total)
    }

    pub fn has_previous(self) -> bool {
        self.offset > 0
    }

    pub fn has_next(self, total: u32) -> bool {
        self.offset + self.limit < total
    }

    /// "41–60 of 237"; "0 of 0" when empty.
    pub fn range_text(self, total: u32) -> String {
        if total == 0 {
            return "0 of 0".into();
        }
        let first = (self.offset + 1).min(total);
        let last = (self.offset + self.limit).min(total);
        format!("{first}–{last} of {total}")
    }

    pub fn query(self) -> String {
        format!("offset={}&limit={}", self.offset, self.limit)
    }
}

pub fn page_count(total: u32, limit: u32) -> u32 {
    total.div_ceil(limit.max(1)).max(1)
}

pub fn last_offset(total: u32, limit: u32) -> u32 {
    let limit = limit.max(1);
    total.saturating_sub(1) / limit * limit
}

fn nearest_size(n: u32) -> u32 {
    PAGE_SIZES.into_iter().min_by_key(|s| s.abs_diff(n)).unwrap_or(DEFAULT_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_page_of_237() {
        for limit in PAGE_SIZES {
            let last = Page { offset: 0, limit }.last(237);
            assert_eq!(last.offset % limit, 0);
            assert!(last.offset < 237 && last.offset + limit >= 237, "{last:?}");
        }
        let last = Page { offset: 0, limit: 100 }.last(237);
        assert_eq!((last.offset, last.range_text(237)), (200, "201–237 of 237".into()));
        assert_eq!(last.number(), 3);
        assert!(!last.has_next(237));
        assert_eq!(last.next(237), last);
        assert_eq!(page_count(237, 20), 12);
    }

    #[test]
    fn resizing_keeps_the_first_task_in_view() {
        let page = Page { offset: 60, limit: 20 }; // tasks 61–80
        let bigger = page.resize(50);
        assert_eq!(bigger, Page { offset: 50, limit: 50 }); // 51–100 holds 61
        let smaller = Page { offset: 100, limit: 100 }.resize(10);
        assert_eq!(smaller, Page { offset: 100, limit: 10 });
        assert_eq!(Page { offset: 40, limit: 20 }.resize(100), Page { offset: 0, limit: 100 });
    }

    #[test]
    fn bad_links_land_on_the_nearest_valid_view() {
        assert_eq!(Page::from_link(Some("20"), Some("40")), (Page { offset: 40, limit: 20 }, None));
        let (page, notice) = Page::from_link(Some("20"), Some("45"));
        assert_eq!(page, Page { offset: 40, limit: 20 });
        assert!(notice.unwrap().contains("not a multiple of 20"));
        let (page, notice) = Page::from_link(Some("abc"), Some("x"));
        assert_eq!(page, Page { offset: 0, limit: DEFAULT_LIMIT });
        assert!(notice.unwrap().starts_with("Page size \"abc\""));
        assert_eq!(Page::from_link(Some("30"), None).0.limit, 20);
        assert_eq!(Page::from_link(Some("1000"), None).0.limit, 100);
        assert_eq!(Page::from_link(None, None), (Page::default(), None));
    }

    #[test]
    fn navigation_and_text() {
        let p = Page { offset: 40, limit: 20 };
        assert_eq!(p.range_text(237), "41–60 of 237");
        assert_eq!(p.previous().offset, 20);
        assert_eq!(p.first().offset, 0);
        assert_eq!(p.go_to(12, 237).offset, 220);
        assert_eq!(p.go_to(99, 237).offset, 220);
        assert_eq!(p.go_to(0, 237).offset, 0);
        assert_eq!(Page::default().range_text(0), "0 of 0");
        assert_eq!(Page { offset: 400, limit: 20 }.clamp(237).offset, 220);
        assert_eq!(Page { offset: 20, limit: 10 }.clamp(0).offset, 0);
        assert_eq!(p.query(), "offset=40&limit=20");
    }
}
