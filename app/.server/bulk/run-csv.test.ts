import { describe, expect, it } from "vitest";
import { csvCell } from "./run-csv";

describe("CSV cells of a bulk run export", () => {
  it("neutralises every cell a spreadsheet would run as a formula, including tab and carriage return", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe(`"'\r=1+1"`);
  });

  it("keeps numbers as numbers, negative ones included", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(0)).toBe("0");
    expect(csvCell("-12")).toBe("-12");
    expect(csvCell("-1.5")).toBe("-1.5");
  });

  it("quotes separators and quotes, and writes null as empty", () => {
    expect(csvCell("a,b")).toBe(`"a,b"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell("line\nbreak")).toBe(`"line\nbreak"`);
    expect(csvCell(null)).toBe("");
  });
});
