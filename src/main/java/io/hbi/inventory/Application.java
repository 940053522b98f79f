package io.hbi.inventory; public class Application { public static void main(String[] a){} }
